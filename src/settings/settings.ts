import type { Chat, Clock, Log, Settings, SettingsUnreadable, Store } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import {
  EMPTY_SETTINGS_DOC,
  effectiveFlags,
  isPaused,
  readSettingsDoc,
  type SelfHealFlags,
  type SettingsDoc,
} from './domain/settings-doc.js';

/** The one document holding flag overrides, the pause and their audit list. */
export const SETTINGS_KEY = 'settings';

/** The kind of a store failure, for people and callers; the log keeps the detail. */
export function storeFailure(error: unknown): Exclude<SettingsUnreadable, 'settings unreadable'> {
  return error instanceof Error && error.name === 'StoreUnavailableError'
    ? 'store unreachable'
    : 'store error';
}

/**
 * The settings port over the store: the configured opt-ins (`defaults`) overridden by the stored
 * flags, and the pause if it is still in force. No cache: every read asks the store.
 */
export function createSettings(deps: {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Log;
  readonly defaults: SelfHealFlags;
}): Settings {
  return {
    async read() {
      let stored: unknown;
      try {
        stored = (await deps.store.get<unknown>(SETTINGS_KEY))?.value;
      } catch (error) {
        deps.log.warn({ err: error }, 'Settings could not be read; autonomous actions are held');
        return { ok: false, cause: storeFailure(error) };
      }
      const doc = readSettingsDoc(stored);
      if (doc === undefined) {
        deps.log.warn({ key: SETTINGS_KEY }, 'Stored settings are malformed; autonomous actions are held');
        return { ok: false, cause: 'settings unreadable' };
      }
      const selfHeal = effectiveFlags(deps.defaults, doc.flags);
      const now = deps.clock.now();
      return { ok: true, settings: isPaused(doc.pause, now) ? { selfHeal, pause: doc.pause } : { selfHeal } };
    },
  };
}

/** What an admin's change of the settings (the pause, a flag) needs. */
export interface AdminChangeDeps {
  readonly store: Store;
  readonly chat: Pick<Chat, 'usergroupMembers'>;
  readonly clock: Clock;
  /** Who may make it: user IDs and user-group IDs. */
  readonly admins: readonly string[];
}

class MalformedSettingsError extends Error {
  override readonly name = 'MalformedSettingsError';
}

/**
 * Applies `change` to the stored settings document in one compare-and-set (`change` answers
 * undefined to write nothing). A malformed document or an unreachable store is a cause, never a
 * throw, and changes nothing.
 */
export async function changeSettings(
  store: Store,
  change: (doc: SettingsDoc) => SettingsDoc | undefined,
): Promise<
  | { readonly ok: true; readonly changed: boolean }
  | { readonly ok: false; readonly cause: SettingsUnreadable }
> {
  try {
    const { changed } = await updateDoc(store, SETTINGS_KEY, EMPTY_SETTINGS_DOC, (stored) => {
      const doc = readSettingsDoc(stored);
      if (doc === undefined) throw new MalformedSettingsError('the stored settings document is malformed');
      return change(doc);
    });
    return { ok: true, changed };
  } catch (error) {
    if (error instanceof MalformedSettingsError) return { ok: false, cause: 'settings unreadable' };
    return { ok: false, cause: storeFailure(error) };
  }
}
