import { LuaScript } from './lua-script';

// The stream's `max-deleted-entry-id` is our retention floor: a cursor before it may have
// lost messages after it, so resuming from it is refused (expired). Redis (7.0) moves it on
// XDEL but not on trimming, so the scripts move it themselves; they also set it when a
// stream is (re)born, so that cursors of an earlier incarnation (the key expired, or Redis
// restarted empty) read as expired instead of silently skipping what was lost.
const BEFORE = `
local function before(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  if seq ~= '0' then return ms .. '-' .. string.format('%.0f', tonumber(seq) - 1) end
  return string.format('%.0f', tonumber(ms) - 1) .. '-18446744073709551615'
end
`;

/**
 * KEYS: stream [, event key] [, mirror stream]. ARGV: field ('m' message | 'gap'), value,
 * maxLen, idleTtlMs, eventTtlMs, has event key ('1'/'0'), mirror maxLen (or ''), then per
 * mirror field: name, before, after, spliced ('1': value = before .. cursor .. after).
 * Returns {cursor, 1} when appended, {first cursor, 0} when the event key says it already was.
 */
export const appendScript = new LuaScript(`${BEFORE}
local stream = KEYS[1]
local eventKey = ARGV[6] == '1' and KEYS[2] or nil
local mirror = ARGV[7] ~= '' and KEYS[eventKey and 3 or 2] or nil
if eventKey then
  local known = redis.call('GET', eventKey)
  if known then return {known, 0} end
end
local born = redis.call('EXISTS', stream) == 0
local id = redis.call('XADD', stream, '*', ARGV[1], ARGV[2])
if born then
  redis.call('XSETID', stream, id, 'MAXDELETEDID', before(id))
elseif redis.call('XTRIM', stream, 'MAXLEN', '~', ARGV[3]) > 0 then
  local first = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)[1][1]
  redis.call('XSETID', stream, id, 'MAXDELETEDID', before(first))
end
redis.call('PEXPIRE', stream, ARGV[4])
if eventKey then redis.call('SET', eventKey, id, 'PX', ARGV[5]) end
if mirror then
  local entry = {}
  for i = 8, #ARGV, 4 do
    entry[#entry + 1] = ARGV[i]
    entry[#entry + 1] = ARGV[i + 3] == '1' and (ARGV[i + 1] .. id .. ARGV[i + 2]) or ARGV[i + 1]
  end
  redis.call('XADD', mirror, 'MAXLEN', '~', ARGV[7], '*', unpack(entry))
end
return {id, 1}
`);

/**
 * KEYS: stream. ARGV: idleTtlMs. The id of the newest entry; for a stream that does not
 * exist, creates it empty (an entry added and deleted: its id becomes both the head and
 * the floor), so a head is always a real position and never '0-0' of nothing.
 */
export const headScript = new LuaScript(`
local stream = KEYS[1]
local top = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)
if top[1] then return top[1][1] end
if redis.call('EXISTS', stream) == 1 then
  local info = redis.call('XINFO', 'STREAM', stream)
  for i = 1, #info, 2 do
    if info[i] == 'last-generated-id' then return info[i + 1] end
  end
end
local id = redis.call('XADD', stream, '*', 'genesis', '1')
redis.call('XDEL', stream, id)
redis.call('PEXPIRE', stream, ARGV[1])
return id
`);
