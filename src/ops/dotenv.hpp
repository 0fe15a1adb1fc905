#pragma once
// The .env file format (see Environment::add_dotenv_text for the accepted lines).
#include <string>
#include <string_view>
#include <vector>

namespace ops {

struct DotenvEntry {
  std::string name;
  std::string value;
  int line = 0;
};

struct DotenvProblem {
  int line = 0;
  std::string reason;  // never contains the value
};

struct DotenvParse {
  std::vector<DotenvEntry> entries;  // in file order; a name may repeat
  std::vector<DotenvProblem> problems;
};

DotenvParse parse_dotenv(std::string_view text);

}  // namespace ops
