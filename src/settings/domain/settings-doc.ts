// The settings people change from Slack: feature-flag overrides, the pause, and who changed what
// when. One stored document, so a single read gives a consistent view of all of them.

/** A stop on autonomous actions (fix tasks), never on alerts. Times are epoch ms. */
export interface Pause {
  /** Slack user ID of who paused. */
  readonly by: string;
  /** As typed; empty when none was given. */
  readonly reason: string;
  readonly since: number;
  /** The pause lifts itself at this time. */
  readonly until: number;
}

export const FLAG_NAMES = ['selfHeal.enabled', 'selfHeal.originate'] as const;
export type FlagName = (typeof FLAG_NAMES)[number];

/** The two opt-ins, as configured or as overridden from Slack. */
export interface SelfHealFlags {
  readonly enabled: boolean;
  readonly originate: boolean;
}

export type SettingsChange =
  | { readonly action: 'pause'; readonly until: number; readonly reason: string }
  | { readonly action: 'resume' }
  | { readonly action: 'flag'; readonly flag: FlagName; readonly value: boolean };

export type AuditEntry = SettingsChange & { readonly by: string; readonly at: number };

export interface SettingsDoc {
  /** Overrides of the configured opt-ins; a flag not listed here keeps its configured value. */
  readonly flags: Partial<Record<FlagName, boolean>>;
  readonly pause?: Pause;
  /** The latest changes, oldest first, at most `AUDIT_LIMIT`. */
  readonly audit: readonly AuditEntry[];
}

export const EMPTY_SETTINGS_DOC: SettingsDoc = { flags: {}, audit: [] };

/** Enough to answer "who paused, who turned originate on" for weeks; the document stays small. */
export const AUDIT_LIMIT = 100;

/** True while `pause` is in force: a pause lifts itself at `until`, no timer needed. */
export function isPaused(pause: Pause | undefined, now: number): pause is Pause {
  return pause !== undefined && now < pause.until;
}

/** The document after `by` made `change` at `now`, with the change appended to the audit list. */
export function applySettingsChange(
  doc: SettingsDoc,
  change: SettingsChange,
  by: string,
  now: number,
): SettingsDoc {
  const audit = [...doc.audit, { ...change, by, at: now }].slice(-AUDIT_LIMIT);
  switch (change.action) {
    case 'pause':
      return { ...doc, pause: { by, reason: change.reason, since: now, until: change.until }, audit };
    case 'resume': {
      const { pause: _lifted, ...rest } = doc;
      return { ...rest, audit };
    }
    case 'flag':
      return { ...doc, flags: { ...doc.flags, [change.flag]: change.value }, audit };
  }
}

/**
 * The opt-ins in force: stored overrides over the configured defaults. Originating fix tasks is
 * the second opt-in, on top of the first: with self-heal off, nothing is originated either.
 */
export function effectiveFlags(defaults: SelfHealFlags, flags: SettingsDoc['flags']): SelfHealFlags {
  const enabled = flags['selfHeal.enabled'] ?? defaults.enabled;
  return { enabled, originate: enabled && (flags['selfHeal.originate'] ?? defaults.originate) };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isPause(value: unknown): value is Pause {
  return (
    isRecord(value) &&
    typeof value.by === 'string' &&
    typeof value.reason === 'string' &&
    typeof value.since === 'number' &&
    typeof value.until === 'number'
  );
}

/**
 * The stored value as a settings document, or undefined when it is not one (written by a newer or
 * broken version): callers then fail closed instead of guessing which flags were meant.
 */
export function readSettingsDoc(value: unknown): SettingsDoc | undefined {
  if (value === undefined) return EMPTY_SETTINGS_DOC;
  if (!isRecord(value) || !isRecord(value.flags) || !Array.isArray(value.audit)) return undefined;
  const flags: Partial<Record<FlagName, boolean>> = {};
  for (const [name, on] of Object.entries(value.flags)) {
    // A flag this version does not know is not its business; a known one must be a boolean.
    const flag = FLAG_NAMES.find((known) => known === name);
    if (flag === undefined) continue;
    if (typeof on !== 'boolean') return undefined;
    flags[flag] = on;
  }
  if (value.pause !== undefined && !isPause(value.pause)) return undefined;
  const doc = { flags, audit: value.audit as AuditEntry[] };
  return value.pause === undefined ? doc : { ...doc, pause: value.pause };
}
