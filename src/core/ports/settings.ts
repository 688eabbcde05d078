import type { Pause, SelfHealFlags } from '../../settings/domain/settings-doc.js';

/** The opt-ins and the pause in force at the moment of one read. */
export interface CurrentSettings {
  readonly selfHeal: SelfHealFlags;
  /** The pause in force now; absent when not paused or when the last pause has expired. */
  readonly pause?: Pause;
}

/** Why settings could not be read: the kind of failure, never raw error text. */
export type SettingsUnreadable = 'store unreachable' | 'store error' | 'settings unreadable';

export type SettingsRead =
  | { readonly ok: true; readonly settings: CurrentSettings }
  | { readonly ok: false; readonly cause: SettingsUnreadable };

/**
 * The opt-ins and the pause, read afresh on every call so that a change made from Slack takes
 * effect without a restart. Never throws: an unreadable store is `{ ok: false }`, and whoever is
 * about to act on its own must then not act (autonomous actions fail closed).
 */
export interface Settings {
  read(): Promise<SettingsRead>;
}
