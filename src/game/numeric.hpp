#pragma once
// Numeric conventions of GAME.md §0: Python-compatible rounding and length display.
#include <string>

namespace game {

// Python's round(x, digits): the exact binary value rounded to `digits` decimals,
// ties to even, returned as the nearest double (bit-exact with the original).
double py_round(double x, int digits);

// Python's round(x) with no digits: ties to even, as an integer-valued double.
double py_round0(double x);

// "%.{decimals}f" of x: the exact binary value rounded, ties to even (as glibc printf).
std::string fixed(double x, int decimals);

// format_length(mm): centimetres with one decimal and " см" — 10.0 -> "1.0 см".
std::string format_length(double mm);

}  // namespace game
