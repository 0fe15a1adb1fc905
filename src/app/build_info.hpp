#pragma once
// What was built: the version (CMake's project version) and the git revision it was built
// from ("unknown" outside a git checkout). For --version and gofrobot_build_info.
#include <string_view>

namespace app {

std::string_view build_version();
std::string_view build_revision();

}  // namespace app
