-- wrk script for bench/proposals_surge.py: each wrk thread signs `share` different people.
--
-- Arguments (after --): path, total signatures, csrf token, number of threads.
-- The threads split the people between them; each person signs once. A success is the 303
-- to the signing page; anything else counts as failed. When a thread has sent its share but
-- some answers are still on their way, its idle connections ask /favicon.ico (a 302 without the database,
-- not counted) until the last answer is in; then the thread stops. wrk itself runs until the
-- driver sees the last signature counted and interrupts it (SIGINT), which prints done().

local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  path, token = args[1], args[3]
  local total, count = tonumber(args[2]), tonumber(args[4])
  local base, rest = math.floor(total / count), total % count
  share = base + (index < rest and 1 or 0)
  first = index * base + math.min(index, rest)
  sent, signed, failed = 0, 0, 0
  local cookie = "csrftoken=" .. token
  headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
  }
  idle = wrk.format("GET", "/favicon.ico", nil, nil)
  primed = false
end

function request()
  -- wrk calls request() once before the run to inspect the request it returns (for the first
  -- thread; on the others this first one is sent, harmlessly): it must not use up a person.
  if not primed then
    primed = true
    return idle
  end
  if sent >= share then
    return idle
  end
  local person = first + sent
  sent = sent + 1
  local claims = '{"sub":"bench-' .. person .. '","birthdate":"1980-01-01","municipality_code":"751"}'
  local body = "csrfmiddlewaretoken=" .. token .. "&test_claims=" .. urlencode(claims)
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if status == 303 then
    signed = signed + 1
  elseif status ~= 302 then
    failed = failed + 1
  end
  if signed + failed >= share then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local signed_all, failed_all = 0, 0
  for _, thread in ipairs(threads) do
    signed_all = signed_all + thread:get("signed")
    failed_all = failed_all + thread:get("failed")
  end
  io.write(string.format("SURGE signed=%d failed=%d seconds=%.3f p50_ms=%.1f p99_ms=%.1f\n",
    signed_all, failed_all, summary.duration / 1e6,
    latency:percentile(50) / 1e3, latency:percentile(99) / 1e3))
end
