-- wrk script: POST a full set of answers with a fresh client_id each time, count outcomes.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  created, replayed, failed = 0, 0, 0
  math.randomseed(os.time() * 1000 + id)
end

local function uuid()
  local t = "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"
  return (string.gsub(t, "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

function request()
  local answers = '{"q1":5,"q2":4,"q3":5,"q4":4,"q5":5,"q6":4,"q7":5,"q8":4,"q9":5,"comment":"ได้ความรู้ดีมาก"}'
  local body = '{"client_id":"' .. uuid() .. '","answers":' .. answers .. '}'
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status == 201 then created = created + 1
  elseif status == 200 then replayed = replayed + 1
  else failed = failed + 1 end
end

function done(summary, latency, requests)
  local c, r, f = 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created"); r = r + t:get("replayed"); f = f + t:get("failed")
  end
  io.write(string.format("RESULT created=%d replayed=%d failed=%d p50=%.2f p99=%.2f rps=%.1f errors=%d\n",
    c, r, f, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
