-- GCRA rate-limit check, one call per request, run with EVALSHA (load it once with SCRIPT LOAD).
-- Same decisions as redis-cell's CL.THROTTLE and the project's `gcra` model (models/rate-limiting/gcra.ts),
-- computed in whole microseconds, the resolution of Redis's TIME.
--
--   EVALSHA <sha> 1 <key> <max_burst> <count_per_period> <period_s> [<quantity>]
--
-- The key holds one number: the theoretical arrival time (TAT) of the next request, in microseconds since
-- the epoch of the server's clock, with an expiry at that time. With the emission interval
-- T = period / count_per_period (truncated to whole microseconds) and the tolerance DVT = T * (max_burst + 1):
--   tat      = max(stored TAT, now)        a missing or expired key counts as now
--   new_tat  = tat + T * quantity
--   limited  when now < new_tat - DVT      otherwise the key stores new_tat
-- A fresh key lets max_burst + 1 requests through at once, then one per T.
--
-- Reply, all integers: { limited (0 or 1), limit (max_burst + 1), remaining, retry_after_us (-1 when
-- allowed, and when quantity > limit, which can never pass), reset_after_us (until the key would be empty),
-- now_us (the server time the decision used) }. now_us is not needed by a caller; the lab's test replays
-- the model at exactly these times.
--
-- The time is read inside the script, on the server, as a production limiter does: every client sees one
-- clock. Redis 5+ replicates a script's effects (here the SET), not the script, so TIME is allowed.

local max_burst = tonumber(ARGV[1])
local count_per_period = tonumber(ARGV[2])
local period = tonumber(ARGV[3])
local quantity = tonumber(ARGV[4] or '1')
if not (max_burst and count_per_period and period and quantity) or max_burst < 0 or count_per_period < 1
  or period <= 0 or quantity < 0 then
  return redis.error_reply('ERR gcra: expected max_burst >= 0, count_per_period >= 1, period_s > 0, quantity >= 0')
end

local emission = math.floor(math.floor(period * 1000000 + 0.5) / count_per_period)
if emission < 1 then
  return redis.error_reply('ERR gcra: period_s / count_per_period must be at least 1 microsecond')
end
local limit = max_burst + 1
local tolerance = emission * limit

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])

-- GET answers false for a missing key; tonumber(false) is nil.
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then
  tat = now
end

local limited = 0
local retry_after = -1
local reset_after
if quantity > limit then
  limited = 1
  reset_after = tat - now
else
  local new_tat = tat + emission * quantity
  local allow_at = new_tat - tolerance
  if now < allow_at then
    limited = 1
    retry_after = allow_at - now
    reset_after = tat - now
  else
    reset_after = new_tat - now
    -- A TAT not after now is the same as no key, so there is nothing to keep.
    if reset_after > 0 then
      -- %d: Lua's default number-to-string (%.14g) would round a microsecond timestamp.
      redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', string.format('%d', math.ceil(reset_after / 1000)))
    end
  end
end

local remaining = 0
local room = tolerance - reset_after
if room > 0 then
  remaining = math.floor(room / emission)
end

return { limited, limit, remaining, retry_after, reset_after, now }
