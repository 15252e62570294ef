/**
 * The Lua scripts of the Redis metrics store: each runs atomically inside Redis, so a commit's
 * results, progress and offsets are applied all together or not at all.
 *
 * @module
 */

/**
 * Adds an alert once: remembers its key, pushes it on the capped list and publishes it, in one
 * atomic step. KEYS: ids hash, list. ARGV: alert key, JSON, cap, TTL ms, channel.
 */
export const PUBLISH_ALERT = `
if redis.call('HSETNX', KEYS[1], ARGV[1], '1') == 0 then return 0 end
redis.call('LPUSH', KEYS[2], ARGV[2])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[3]) - 1)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('PUBLISH', ARGV[5], ARGV[2])
return 1
`;

/**
 * One commit, all or nothing: checks the epoch and that no partition's stored progress is
 * further than the new one, then writes progress, offsets and minute values with their TTL.
 * KEYS: epoch, progress hash, offsets hash, minute keys…, minute indexes…
 * ARGV: epoch ('' = no check), TTL ms, JSON {p: [[field, json, processed|null, watermark,
 * offset, stream]], m: [[key index, index key index, score, minute, field, value, …]], i: first index}.
 * Returns 1 committed, 0 stale, -1 reset.
 */
export const COMMIT = `
if ARGV[1] ~= '' and redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
local d = cjson.decode(ARGV[3])
for _, p in ipairs(d.p) do
  local old = redis.call('HGET', KEYS[2], p[1])
  if old then
    local o = cjson.decode(old)
    local old_stream = o.stream
    if old_stream == nil or old_stream == cjson.null then old_stream = 0 end
    if old_stream > p[6] then return 0 end
    if old_stream == p[6] and p[3] ~= cjson.null then
      if o.processed ~= nil and o.processed ~= cjson.null then
        local op = tonumber(o.processed)
        local ow = o.watermark
        if ow == nil or ow == cjson.null then ow = -1e308 end
        if op > p[3] or (op == p[3] and ow > p[4]) then return 0 end
      end
    end
  end
end
for _, p in ipairs(d.p) do
  redis.call('HSET', KEYS[2], p[1], p[2])
  redis.call('HSET', KEYS[3], p[1], p[5])
end
for _, m in ipairs(d.m) do
  local key = KEYS[m[1]]
  redis.call('HSET', key, unpack(m, 5))
  redis.call('PEXPIRE', key, ARGV[2])
  redis.call('ZADD', KEYS[m[2]], m[3], m[4])
end
for k = d.i, #KEYS do redis.call('PEXPIRE', KEYS[k], ARGV[2]) end
return 1
`;

/** Creates the epoch unless there is one, and returns it. KEYS: epoch. ARGV: a new id. */
export const CLAIM_EPOCH = `
redis.call('SET', KEYS[1], ARGV[1], 'NX')
return redis.call('GET', KEYS[1])
`;
