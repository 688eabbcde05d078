import { describe, expect, it } from 'vitest';
import { pauseAnswer, settingsLine, utcTime } from '../../../../src/platform/slack/talk/pause-view.js';
import type { Pause } from '../../../../src/settings/domain/settings-doc.js';

const NOW = Date.parse('2026-11-29T11:00:00Z');
const HOUR = 3_600_000;
const PAUSE: Pause = { by: 'U0ALICE', reason: 'deploy freeze', since: NOW, until: NOW + 4 * HOUR };
const FLAGS = { enabled: true, originate: true };

describe('utcTime', () => {
  it('shows the time alone on the same UTC day, and the date too on another', () => {
    expect(utcTime(NOW + 4 * HOUR, NOW)).toBe('15:00 UTC');
    expect(utcTime(NOW + 24 * HOUR, NOW)).toBe('2026-11-30 11:00 UTC');
  });
});

describe('pauseAnswer', () => {
  it('says until when, by whom, why, and that incidents are still posted', () => {
    expect(pauseAnswer({ kind: 'paused', pause: PAUSE }, 'pause')).toBe(
      'Paused until 15:00 UTC by <@U0ALICE>: deploy freeze. Incidents are still posted; fix tasks will not be opened or started. `/overseer resume` lifts it.',
    );
  });

  it('names the pause it replaced', () => {
    const replaced = { ...PAUSE, by: 'U0BOB', until: NOW + HOUR };
    expect(pauseAnswer({ kind: 'paused', pause: PAUSE, replaced }, 'pause')).toContain(
      'This replaces the pause <@U0BOB> set until 12:00 UTC.',
    );
  });

  it('shows a reason as text that pings nobody, and says when none was given', () => {
    const text = pauseAnswer(
      { kind: 'paused', pause: { ...PAUSE, reason: 'ask <!channel> first!' } },
      'pause',
    );
    expect(text).toContain('by <@U0ALICE>: ask &lt;!channel&gt; first! Incidents');
    expect(pauseAnswer({ kind: 'paused', pause: { ...PAUSE, reason: '' } }, 'pause')).toContain(
      'by <@U0ALICE> (no reason given). Incidents',
    );
  });

  it('refuses a non-admin by naming who may, users and groups alike', () => {
    expect(pauseAnswer({ kind: 'not-allowed', admins: ['U0ROOT', 'S0LEADS'] }, 'resume')).toBe(
      "Only Overseer's admins may resume it: <@U0ROOT>, <!subteam^S0LEADS>. Nothing changed.",
    );
    expect(pauseAnswer({ kind: 'not-allowed', admins: [] }, 'pause')).toMatch(
      /^Nobody may pause Overseer: no admins are set \(OVERSEER_ADMINS/,
    );
  });

  it('answers resume, nothing to resume, and a store failure', () => {
    expect(pauseAnswer({ kind: 'resumed', lifted: PAUSE }, 'resume')).toBe(
      'Resumed: the pause <@U0ALICE> set is lifted. Fix tasks may be opened and started again.',
    );
    expect(pauseAnswer({ kind: 'not-paused' }, 'resume')).toBe('Overseer is not paused: nothing to resume.');
    expect(pauseAnswer({ kind: 'failed', cause: 'store unreachable' }, 'pause')).toBe(
      'The pause could not be recorded (store unreachable). Nothing changed; try again in a minute.',
    );
  });
});

describe('settingsLine', () => {
  it('is silent when nothing is paused', () => {
    expect(settingsLine({ ok: true, settings: { selfHeal: FLAGS } }, NOW)).toBeUndefined();
  });

  it('shows the pause in force', () => {
    expect(settingsLine({ ok: true, settings: { selfHeal: FLAGS, pause: PAUSE } }, NOW + HOUR)).toBe(
      ':double_vertical_bar: Paused until 15:00 UTC by <@U0ALICE>: deploy freeze. Incidents are still posted; fix tasks will not be opened or started.',
    );
  });

  it('says when the pause and flags cannot be read, and that nothing autonomous happens', () => {
    expect(settingsLine({ ok: false, cause: 'store unreachable' }, NOW)).toBe(
      ':warning: The pause and feature flags cannot be read (store unreachable): nothing autonomous happens until they can. Incidents are still posted.',
    );
  });
});
