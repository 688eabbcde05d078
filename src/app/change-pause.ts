import {
  applySettingsChange,
  EMPTY_SETTINGS_DOC,
  isPaused,
  type Pause,
  readSettingsDoc,
  type SettingsDoc,
} from '../domain/settings-doc.js';
import { isAllowed } from './authorize.js';
import type { Chat, Clock, SettingsUnreadable, Store } from './ports.js';
import { SETTINGS_KEY, storeFailure } from './settings.js';
import { updateDoc } from './update-doc.js';

export interface PauseDeps {
  readonly store: Store;
  readonly chat: Pick<Chat, 'usergroupMembers'>;
  readonly clock: Clock;
  /** Who may pause and resume: user IDs and user-group IDs. */
  readonly admins: readonly string[];
}

export type PauseRequest =
  | { readonly kind: 'pause'; readonly durationMs: number; readonly reason: string }
  | { readonly kind: 'resume' };

export type PauseOutcome =
  | { readonly kind: 'paused'; readonly pause: Pause; readonly replaced?: Pause }
  | { readonly kind: 'resumed'; readonly lifted: Pause }
  | { readonly kind: 'not-paused' }
  | { readonly kind: 'not-allowed'; readonly admins: readonly string[] }
  | { readonly kind: 'failed'; readonly cause: SettingsUnreadable };

class MalformedSettingsError extends Error {
  override readonly name = 'MalformedSettingsError';
}

function parsed(value: SettingsDoc): SettingsDoc {
  const doc = readSettingsDoc(value);
  if (doc === undefined) throw new MalformedSettingsError('the stored settings document is malformed');
  return doc;
}

/**
 * `/overseer pause` and `/overseer resume`: admins only, one compare-and-set on the settings
 * document, recorded in its audit list. A pause replaces one in force; resuming when nothing is
 * in force changes nothing.
 */
export async function changePause(
  deps: PauseDeps,
  userId: string,
  request: PauseRequest,
): Promise<PauseOutcome> {
  if (!(await isAllowed(deps.chat, deps.admins, userId))) return { kind: 'not-allowed', admins: deps.admins };
  let before: Pause | undefined;
  let after: Pause | undefined;
  try {
    await updateDoc(deps.store, SETTINGS_KEY, EMPTY_SETTINGS_DOC, (stored) => {
      const doc = parsed(stored);
      const now = deps.clock.now();
      before = isPaused(doc.pause, now) ? doc.pause : undefined;
      if (request.kind === 'resume') {
        return before === undefined ? undefined : applySettingsChange(doc, { action: 'resume' }, userId, now);
      }
      const next = applySettingsChange(
        doc,
        { action: 'pause', until: now + request.durationMs, reason: request.reason },
        userId,
        now,
      );
      after = next.pause;
      return next;
    });
    if (after !== undefined) return { kind: 'paused', pause: after, ...(before ? { replaced: before } : {}) };
    return before === undefined ? { kind: 'not-paused' } : { kind: 'resumed', lifted: before };
  } catch (error) {
    if (error instanceof MalformedSettingsError) return { kind: 'failed', cause: 'settings unreadable' };
    return { kind: 'failed', cause: storeFailure(error) };
  }
}
