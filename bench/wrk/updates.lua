-- wrk script: POSTs realistic Telegram updates to a webhook, as Telegram would.
--
--   [BENCH_WRK_RATE=N BENCH_WRK_CONNECTIONS=C] \
--   wrk -t T -c C -d10s -s bench/wrk/updates.lua URL -- BODIES T [ID_BASE] [SECRET]
--
-- BODIES  file of update bodies, one JSON per line, with __UPDATE_ID__ where the id goes
--         (written by `replay --write-bodies`); cycled through, each thread from its own
--         starting line.
-- T       wrk's thread count (-t), to interleave the update ids of the threads.
-- ID_BASE update ids start above this (default 0); every request gets a new, increasing
--         id (interleaved between threads), so that no update is a redelivery.
-- SECRET  the X-Telegram-Bot-Api-Secret-Token header (default bench-secret-token).
-- BENCH_WRK_RATE (environment, read when the script loads, as wrk decides then whether the
--         script has a delay()): unset or 0, saturation: every connection sends its next
--         request as soon as the answer came. N > 0: about N requests/s in total, each of the
--         BENCH_WRK_CONNECTIONS connections waiting an exponentially distributed time (mean
--         C/N s) after each answer, so that arrivals look like a Poisson stream. wrk's delay()
--         has 1 ms resolution and the wait comes after the answer: well below saturation the
--         rate is the one asked for (bench/run checks the rate it got).
--
-- done() prints key=value lines for bench/run: requests, rps, latency percentiles (ms),
-- and the error counts (connect, read, write, timeout, non-2xx status).

local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local prefixes = {}
local suffixes = {}
local next_line = 1
local sent = 0
local nthreads = 1
local base = 0
local mean_delay_ms = 0

function init(args)
  local file = args[1]
  if file == nil then error("updates.lua: the bodies file is required (after --)") end
  nthreads = tonumber(args[2] or "1")
  base = tonumber(args[3] or "0")
  local secret = args[4] or "bench-secret-token"
  for line in io.lines(file) do
    local at = string.find(line, "__UPDATE_ID__", 1, true)
    if at then
      table.insert(prefixes, string.sub(line, 1, at - 1))
      table.insert(suffixes, string.sub(line, at + string.len("__UPDATE_ID__")))
    end
  end
  if #prefixes == 0 then error("updates.lua: no bodies in " .. file) end
  -- wrk runs setup() for every thread before init(); tid is this thread's index.
  next_line = 1 + math.floor(#prefixes * tid / math.max(nthreads, 1))
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-Telegram-Bot-Api-Secret-Token"] = secret
  math.randomseed(1234 + tid)
end

function request()
  sent = sent + 1
  local id = base + sent * nthreads + tid
  local body = prefixes[next_line] .. id .. suffixes[next_line]
  next_line = next_line + 1
  if next_line > #prefixes then next_line = 1 end
  return wrk.format(nil, nil, nil, body)
end

local rate = tonumber(os.getenv("BENCH_WRK_RATE") or "0")
if rate > 0 then
  -- Only defined when a rate was asked for: without delay() wrk sends back to back.
  mean_delay_ms = 1000.0 * tonumber(os.getenv("BENCH_WRK_CONNECTIONS") or "1") / rate
  function delay()
    local u = math.random()
    local d = -mean_delay_ms * math.log(1 - u)
    if d > 20 * mean_delay_ms then d = 20 * mean_delay_ms end
    return math.floor(d + 0.5)
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("wrk.requests=%d\n", summary.requests))
  io.write(string.format("wrk.seconds=%.3f\n", seconds))
  io.write(string.format("wrk.rps=%.0f\n", summary.requests / seconds))
  io.write(string.format("wrk.p50_ms=%.3f\n", latency:percentile(50) / 1000))
  io.write(string.format("wrk.p90_ms=%.3f\n", latency:percentile(90) / 1000))
  io.write(string.format("wrk.p99_ms=%.3f\n", latency:percentile(99) / 1000))
  io.write(string.format("wrk.max_ms=%.3f\n", latency.max / 1000))
  io.write(string.format("wrk.mean_ms=%.3f\n", latency.mean / 1000))
  local e = summary.errors
  io.write(string.format("wrk.errors=%d\n", e.connect + e.read + e.write + e.timeout + e.status))
  io.write(string.format("wrk.errors_status=%d\n", e.status))
  io.write(string.format("wrk.errors_timeout=%d\n", e.timeout))
  io.write(string.format("wrk.errors_socket=%d\n", e.connect + e.read + e.write))
end
