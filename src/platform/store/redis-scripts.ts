import { createHash } from 'node:crypto';
import type { RedisClientType } from '@keyv/redis';

// Documents are the strings keyv writes: `{"value":{"value":<document>,"version":<n>}}` (keyv's
// envelope around our `Versioned`). The scripts read the version with cjson and never re-encode the
// document, so what keyv wrote is what keyv reads.

/** KEYS: document, index. ARGV: expected version, new keyv string, index member. Answers {1} or {0, current}. */
const PUT = `
local raw = redis.call('GET', KEYS[1])
local version = 0
if raw then version = tonumber(cjson.decode(raw).value.version) end
if version ~= tonumber(ARGV[1]) then return {0, raw} end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], 0, ARGV[3])
return {1}`;

/** KEYS: document, index. ARGV: expected version, index member. Answers 1 when deleted. */
const REMOVE = `
local raw = redis.call('GET', KEYS[1])
if not raw or tonumber(cjson.decode(raw).value.version) ~= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
return 1`;

/** KEYS: marker. ARGV: the holder's value. Answers 1 when deleted. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** KEYS: marker. ARGV: the holder's value, new time to live (ms). Answers 1 when extended. */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

/** KEYS: queue. ARGV: now, lease end, limit. Answers [member, dueAt, ...] and moves each to the lease end. */
const CLAIM = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[3]))
for i = 1, #due, 2 do redis.call('ZADD', KEYS[1], ARGV[2], due[i]) end
return due`;

export type RedisClient = RedisClientType;
export type ScriptName = 'put' | 'remove' | 'release' | 'renew' | 'claim';

const script = (source: string) => ({ source, digest: createHash('sha1').update(source).digest('hex') });
const SCRIPTS: Record<ScriptName, { source: string; digest: string }> = {
  put: script(PUT),
  remove: script(REMOVE),
  release: script(RELEASE),
  renew: script(RENEW),
  claim: script(CLAIM),
};

/** Runs a script by digest, sending its source only when Redis does not have it cached yet. */
export async function runScript(
  client: RedisClient,
  name: ScriptName,
  keys: string[],
  args: string[],
): Promise<unknown> {
  const { source, digest } = SCRIPTS[name];
  const options = { keys, arguments: args };
  try {
    return await client.evalSha(digest, options);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return client.eval(source, options);
  }
}
