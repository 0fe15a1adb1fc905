#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ in build/fuzz (clang-15, AddressSanitizer, UBSan,
# coverage in every library) and runs each (or those named) for N seconds, one at a time,
# on a scratch copy of its seed corpus fuzz/corpus/<target>/ (the repository's corpus is
# never written). Prints executions, seconds and the outcome per target; exits non-zero if
# any target crashed, hung, leaked or broke an invariant, leaving the input that did it (its
# path is printed). docs/RELIABILITY.md, "Fuzzing".
#
#   scripts/fuzz.sh [--seconds N] [--seed S] [TARGET...]   N defaults to 60; S: libFuzzer's
#                                                  -seed (the same run each time: CI)
#   FUZZ_JOBS=4 scripts/fuzz.sh                    build parallelism (default 2)
#
# Targets: telegram_update api_response webhook_head router config_toml config_env legacy_rows
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

seconds=60
seed=0  # 0: libFuzzer picks one
targets=()
while (($#)); do
  case "$1" in
    --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
    --seconds=*) seconds=${1#--seconds=}; shift ;;
    --seed) seed=${2:?--seed needs a number}; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ $seconds =~ ^[0-9]+$ ]] || { echo "--seconds needs a whole number" >&2; exit 2; }
[[ $seed =~ ^[0-9]+$ ]] || { echo "--seed needs a whole number" >&2; exit 2; }

# The longest input each target is given: a little above what its input can usefully be
# (a webhook head of 1 KiB plus a 256-byte body, a 12-step session of 4 KiB texts, the
# shipped configuration of 12 KiB, ...).
declare -A max_len=(
  [telegram_update]=8192 [api_response]=8192 [webhook_head]=2048 [router]=16384
  [config_toml]=16384 [config_env]=4096 [legacy_rows]=2048
)
all=(telegram_update api_response webhook_head router config_toml config_env legacy_rows)
((${#targets[@]})) || targets=("${all[@]}")
for t in "${targets[@]}"; do
  [[ -n ${max_len[$t]:-} ]] || { echo "unknown target $t (known: ${all[*]})" >&2; exit 2; }
done

scripts/install-deps.sh clang-15 libfuzzer-15-dev  # the fuzzers only: not part of the usual build

# Boost 1.74 and fmt 9 recognise coroutines and class-type template arguments on GCC only;
# clang 15 has both, so they are switched on by hand for this build.
build=build/fuzz
flags="-fsanitize=fuzzer-no-link -DBOOST_ASIO_HAS_CO_AWAIT=1 -DFMT_USE_NONTYPE_TEMPLATE_ARGS=1"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++-15 -DCMAKE_CXX_FLAGS="$flags" \
  -DGOFROBOT_SANITIZE=ON -DGOFROBOT_FUZZ=ON -DGOFROBOT_TESTS=OFF -DGOFROBOT_BENCH=OFF >/dev/null
ninja -C "$build" -j "${FUZZ_JOBS:-2}" fuzzers

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

scratch_root=$(mktemp -d "${TMPDIR:-/tmp}/gofrobot-fuzz.XXXXXX")
failed=0
summary=()
for t in "${targets[@]}"; do
  work="$scratch_root/$t"
  mkdir -p "$work/corpus" "$work/artifacts"
  cp -r "fuzz/corpus/$t/." "$work/corpus/"
  echo "=== $t: ${seconds}s, -max_len=${max_len[$t]}"
  start=$(date +%s)
  set +e
  "$root/$build/fuzz/fuzz_$t" "$work/corpus" -max_total_time="$seconds" -max_len="${max_len[$t]}" \
    -seed="$seed" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
    >"$work/log" 2>&1
  rc=$?
  set -e
  elapsed=$(($(date +%s) - start))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
  tail -n 3 "$work/log"
  found=$(find "$work/artifacts" -type f | sort)
  if ((rc != 0)) || [[ -n $found ]]; then
    failed=1
    grep -E "ERROR: |runtime error|invariant broken|SUMMARY" "$work/log" | head -5 || true
    outcome="FOUND (exit $rc): ${found:-no artifact} (log: $work/log)"
  else
    outcome="nothing found"
    rm -rf "$work"
  fi
  summary+=("$(printf '%-16s %12s execs %6ss  %s' "$t" "${execs:-?}" "$elapsed" "$outcome")")
done

echo
echo "target               executions   time  result"
printf '%s\n' "${summary[@]}"
((failed)) || rm -rf "$scratch_root"
exit "$failed"
