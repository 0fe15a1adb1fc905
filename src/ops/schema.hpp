#pragma once
// The schema: every setting of the configuration, in the order of the shipped file
// (sections bot, balance, gameplay, limits, storage, log, telegram, ops). Built once, immutable.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ops/setting.hpp"

namespace ops {

const std::vector<std::unique_ptr<const Setting>>& settings();
const Setting* find_setting(std::string_view key);  // nullptr for an unknown key
const std::vector<std::string>& sections();          // section names, in schema order

}  // namespace ops
