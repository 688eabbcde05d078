import { type CheckFacts, type StageFactKey, stageFact } from '../ci/index.js';
import type { PostedMessage } from '../core/ports.js';

/** The stage's name, and so the `stage` of its own look-ups. */
export const DIAGNOSIS_STAGE = 'diagnosis';

const PERMALINK = 'permalink:';

/** The look-up of whether an automatic re-run may be made now: not paused, settings readable. */
export function retryAllowedKey(): StageFactKey {
  return { kind: 'stage', stage: DIAGNOSIS_STAGE, key: 'retry-allowed' };
}

/** Whether an automatic re-run may be made now; undefined when that was not looked up. */
export function retryAllowedOf(facts: Pick<CheckFacts, 'stages'>): boolean | undefined {
  return stageFact<boolean>(facts, retryAllowedKey());
}

/** The look-up of a link to an earlier incident's message. */
export function permalinkKey(message: PostedMessage): StageFactKey {
  return { kind: 'stage', stage: DIAGNOSIS_STAGE, key: `${PERMALINK}${message.channel}/${message.ts}` };
}

/** The link to `message`: '' when Slack could not give one, undefined when it was not asked. */
export function permalinkOf(facts: Pick<CheckFacts, 'stages'>, message: PostedMessage): string | undefined {
  return stageFact<string>(facts, permalinkKey(message));
}

/** The message whose link `key` asks for; undefined when `key` is another look-up. */
export function permalinkMessage(key: StageFactKey): PostedMessage | undefined {
  if (key.stage !== DIAGNOSIS_STAGE || !key.key.startsWith(PERMALINK)) return undefined;
  const at = key.key.lastIndexOf('/');
  return { channel: key.key.slice(PERMALINK.length, at), ts: key.key.slice(at + 1) };
}
