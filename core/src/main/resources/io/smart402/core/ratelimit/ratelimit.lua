-- One rate-limit decision, atomically (Redis runs a script alone). The same arithmetic as
-- io.smart402.core.ratelimit.Algorithms, in microseconds; keep the two in step.
-- KEYS[1] state hash. ARGV: algorithm (tb|gcra|sw), now in µs ("" = this server's TIME), cost, then
-- tb: rate, period µs, burst, initial; gcra: rate, period µs, burst; sw: limit, window µs.
-- Returns {allowed 0|1, remaining, retry-after µs, reset µs}.
-- Lua numbers are doubles: integers are exact below 2^53 (policies are checked to stay under 2^51), and
-- idiv corrects the one rounding a double division can make.
local function idiv(a, b)
  local q = math.floor(a / b)
  if q * b > a then q = q - 1 elseif (q + 1) * b <= a then q = q + 1 end
  return q
end
local function ceildiv(a, b) return -idiv(-a, b) end

local key = KEYS[1]
local algo = ARGV[1]
local now = tonumber(ARGV[2])
if now == nil then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local cost = tonumber(ARGV[3])
local s = redis.call('HMGET', key, 'a', 'b', 'c')
local fresh = s[1] == false

local allowed, remaining, retry, reset
if algo == 'tb' then
  local rate, unit, burst, initial = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
  local cap = burst * unit
  local level, last
  if fresh then level = initial * unit; last = now else level = tonumber(s[1]); last = tonumber(s[2]) end
  if now > last then
    local missing = cap - level
    local elapsed = now - last
    if elapsed >= ceildiv(missing, rate) then level = cap else level = level + elapsed * rate end
    last = now
  end
  local need = cost * unit
  retry = 0
  if level >= need then allowed = 1; level = level - need else allowed = 0; retry = ceildiv(need - level, rate) end
  reset = ceildiv(cap - level, rate)
  remaining = idiv(level, unit)
  redis.call('HSET', key, 'a', level, 'b', last)
elseif algo == 'gcra' then
  local rate, unit, burst = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
  local interval = unit / rate
  local tolerance = burst * interval
  local tat
  if fresh then tat = now else tat = math.max(tonumber(s[1]), now) end
  local nxt = tat + cost * interval
  local allow_at = nxt - tolerance
  retry = 0
  if now >= allow_at then allowed = 1; tat = nxt else allowed = 0; retry = math.ceil(allow_at - now) end
  remaining = math.max(0, math.floor((tolerance - (tat - now)) / interval))
  reset = math.ceil(tat - now)
  redis.call('HSET', key, 'a', tat)
else
  local limit, w = tonumber(ARGV[4]), tonumber(ARGV[5])
  local start = idiv(now, w) * w
  local previous, current = 0, 0
  if not fresh then
    local stored = tonumber(s[1])
    if start == stored then previous = tonumber(s[2]); current = tonumber(s[3])
    elseif start == stored + w then previous = tonumber(s[3])
    elseif start < stored then start = stored; previous = tonumber(s[2]); current = tonumber(s[3]) end
  end
  local elapsed = math.max(0, now - start)
  local weighted = previous * (w - elapsed)
  retry = 0
  if weighted + (current + cost) * w <= limit * w then
    allowed = 1; current = current + cost
  elseif current + cost <= limit then
    allowed = 0; retry = (w - idiv((limit - current - cost) * w, previous)) - elapsed
  else
    allowed = 0; retry = (w - elapsed) + (w - idiv((limit - cost) * w, current))
  end
  remaining = math.max(0, idiv(limit * w - previous * (w - elapsed) - current * w, w))
  if current > 0 then reset = (w - elapsed) + w elseif previous > 0 then reset = w - elapsed else reset = 0 end
  redis.call('HSET', key, 'a', start, 'b', previous, 'c', current)
end
-- Idle state expires once forgetting it no longer matters (plus a second of slack for clock skew).
redis.call('PEXPIRE', key, math.floor(reset / 1000) + 1000)
return {allowed, remaining, retry, reset}
