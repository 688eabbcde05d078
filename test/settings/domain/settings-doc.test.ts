import { describe, expect, it } from 'vitest';
import {
  AUDIT_LIMIT,
  applySettingsChange,
  EMPTY_SETTINGS_DOC,
  effectiveFlags,
  isPaused,
  type Pause,
  readSettingsDoc,
  type SelfHealFlags,
  type SettingsDoc,
} from '../../../src/settings/domain/settings-doc.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const HOUR = 3_600_000;
const PAUSE: Pause = { by: 'U0ALICE', reason: 'deploy freeze', since: NOW - HOUR, until: NOW + HOUR };

describe('isPaused', () => {
  it.each<[string, Pause | undefined, number, boolean]>([
    ['no pause', undefined, NOW, false],
    ['a pause running', PAUSE, NOW, true],
    ['the first instant of a pause', PAUSE, PAUSE.since, true],
    ['the last millisecond before it lifts', PAUSE, PAUSE.until - 1, true],
    ['the moment it lifts', PAUSE, PAUSE.until, false],
    ['long after it lifted', PAUSE, PAUSE.until + 24 * HOUR, false],
  ])('%s: %s', (_name, pause, now, expected) => {
    expect(isPaused(pause, now)).toBe(expected);
  });
});

describe('applySettingsChange', () => {
  it('a pause records who, why, since and until, and appends to the audit list', () => {
    const doc = applySettingsChange(
      EMPTY_SETTINGS_DOC,
      { action: 'pause', until: NOW + 4 * HOUR, reason: 'release' },
      'U0ALICE',
      NOW,
    );
    expect(doc.pause).toEqual({ by: 'U0ALICE', reason: 'release', since: NOW, until: NOW + 4 * HOUR });
    expect(doc.audit).toEqual([
      { action: 'pause', until: NOW + 4 * HOUR, reason: 'release', by: 'U0ALICE', at: NOW },
    ]);
    expect(doc.flags).toEqual({});
  });

  it('a later pause replaces the one in force', () => {
    const first = applySettingsChange(
      EMPTY_SETTINGS_DOC,
      { action: 'pause', until: NOW + HOUR, reason: 'a' },
      'U0A',
      NOW,
    );
    const second = applySettingsChange(
      first,
      { action: 'pause', until: NOW + 2 * HOUR, reason: 'b' },
      'U0B',
      NOW + 1,
    );
    expect(second.pause).toEqual({ by: 'U0B', reason: 'b', since: NOW + 1, until: NOW + 2 * HOUR });
    expect(second.audit.map((entry) => entry.by)).toEqual(['U0A', 'U0B']);
  });

  it('resume lifts the pause, keeps the flags, and is audited', () => {
    const paused: SettingsDoc = { flags: { 'selfHeal.originate': true }, pause: PAUSE, audit: [] };
    const doc = applySettingsChange(paused, { action: 'resume' }, 'U0BOB', NOW);
    expect(doc).toEqual({
      flags: { 'selfHeal.originate': true },
      audit: [{ action: 'resume', by: 'U0BOB', at: NOW }],
    });
  });

  it('a flag change overrides one flag and keeps the pause', () => {
    const paused: SettingsDoc = { flags: { 'selfHeal.enabled': true }, pause: PAUSE, audit: [] };
    const doc = applySettingsChange(
      paused,
      { action: 'flag', flag: 'selfHeal.originate', value: false },
      'U0A',
      NOW,
    );
    expect(doc.flags).toEqual({ 'selfHeal.enabled': true, 'selfHeal.originate': false });
    expect(doc.pause).toEqual(PAUSE);
  });

  it(`keeps only the latest ${AUDIT_LIMIT} audit entries`, () => {
    let doc = EMPTY_SETTINGS_DOC;
    for (let i = 0; i < AUDIT_LIMIT + 5; i += 1)
      doc = applySettingsChange(doc, { action: 'resume' }, `U${i}`, NOW + i);
    expect(doc.audit).toHaveLength(AUDIT_LIMIT);
    expect(doc.audit[0]?.by).toBe('U5');
    expect(doc.audit.at(-1)?.by).toBe(`U${AUDIT_LIMIT + 4}`);
  });
});

describe('effectiveFlags', () => {
  const off: SelfHealFlags = { enabled: false, originate: false };
  const on: SelfHealFlags = { enabled: true, originate: true };

  it.each<[string, SelfHealFlags, SettingsDoc['flags'], SelfHealFlags]>([
    ['no overrides keep the configured values', on, {}, on],
    ['no overrides keep them off', off, {}, off],
    [
      'an override turns originate on',
      { enabled: true, originate: false },
      { 'selfHeal.originate': true },
      on,
    ],
    [
      'an override turns originate off',
      on,
      { 'selfHeal.originate': false },
      { enabled: true, originate: false },
    ],
    ['self-heal turned off stops origination too', on, { 'selfHeal.enabled': false }, off],
    ['originate needs self-heal on', off, { 'selfHeal.originate': true }, off],
    ['both turned on from Slack', off, { 'selfHeal.enabled': true, 'selfHeal.originate': true }, on],
  ])('%s', (_name, defaults, flags, expected) => {
    expect(effectiveFlags(defaults, flags)).toEqual(expected);
  });
});

describe('readSettingsDoc', () => {
  it('reads nothing stored as the empty document', () => {
    expect(readSettingsDoc(undefined)).toEqual(EMPTY_SETTINGS_DOC);
  });

  it('reads a well-formed document as it is', () => {
    const doc: SettingsDoc = { flags: { 'selfHeal.enabled': false }, pause: PAUSE, audit: [] };
    expect(readSettingsDoc(doc)).toEqual(doc);
  });

  it('passes over a flag this version does not know', () => {
    expect(readSettingsDoc({ flags: { 'selfHeal.future': true }, audit: [] })).toEqual(EMPTY_SETTINGS_DOC);
  });

  it.each<[string, unknown]>([
    ['not an object', 'paused'],
    ['no flags', { audit: [] }],
    ['no audit list', { flags: {} }],
    ['a known flag that is not a boolean', { flags: { 'selfHeal.originate': 'yes' }, audit: [] }],
    ['a pause without until', { flags: {}, audit: [], pause: { by: 'U0A', reason: '', since: NOW } }],
  ])('refuses %s, so callers fail closed', (_name, value) => {
    expect(readSettingsDoc(value)).toBeUndefined();
  });
});
