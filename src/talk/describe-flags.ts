import type { Clock, Log, SettingsUnreadable, Store } from '../core/ports.js';
import {
  effectiveFlags,
  FLAG_NAMES,
  type FlagName,
  readSettingsDoc,
  type SelfHealFlags,
} from '../settings/domain/settings-doc.js';
import { SETTINGS_KEY, storeFailure } from '../settings/index.js';

/** One feature flag as it stands: in force, as configured, and the last change made from Slack. */
export interface FlagState {
  readonly name: FlagName;
  /** The value in force (originate counts only while enabled is on). */
  readonly value: boolean;
  /** What the config file or environment says. */
  readonly configured: boolean;
  /** The value stored from Slack, overriding the configured one. */
  readonly override?: boolean;
  /** Who last changed it from Slack, and when (epoch ms), from the audit list. */
  readonly changed?: { readonly by: string; readonly at: number };
}

export type FlagsReport =
  | { readonly ok: true; readonly flags: readonly FlagState[]; readonly now: number }
  | { readonly ok: false; readonly cause: SettingsUnreadable };

const KEY: Record<FlagName, keyof SelfHealFlags> = {
  'selfHeal.enabled': 'enabled',
  'selfHeal.originate': 'originate',
};

/** `/overseer flags` and the Home tab: the two opt-ins, read afresh from the store. */
export async function describeFlags(deps: {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Log;
  readonly defaults: SelfHealFlags;
}): Promise<FlagsReport> {
  let stored: unknown;
  try {
    stored = (await deps.store.get<unknown>(SETTINGS_KEY))?.value;
  } catch (error) {
    deps.log.warn({ err: error }, 'Settings could not be read for the feature flags');
    return { ok: false, cause: storeFailure(error) };
  }
  const doc = readSettingsDoc(stored);
  if (doc === undefined) return { ok: false, cause: 'settings unreadable' };
  const inForce = effectiveFlags(deps.defaults, doc.flags);
  const flags = FLAG_NAMES.map((name): FlagState => {
    const last = doc.audit.findLast((entry) => entry.action === 'flag' && entry.flag === name);
    const override = doc.flags[name];
    return {
      name,
      value: inForce[KEY[name]],
      configured: deps.defaults[KEY[name]],
      ...(override === undefined ? {} : { override }),
      ...(last ? { changed: { by: last.by, at: last.at } } : {}),
    };
  });
  return { ok: true, flags, now: deps.clock.now() };
}
