import { describe, expect, it } from 'vitest';
import { DEFAULT_PAUSE_MS, parsePauseArgs } from '../../../../src/platform/slack/talk/pause-args.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('parsePauseArgs', () => {
  it.each<[string, string, number, string]>([
    ['nothing: 4h, no reason', '', DEFAULT_PAUSE_MS, ''],
    ['a duration alone', '30m', 30 * MINUTE, ''],
    ['a duration and a reason', '2h release train leaving', 2 * HOUR, 'release train leaving'],
    ['a day', '1d', 24 * HOUR, ''],
    ['seconds', '45s', 45_000, ''],
    ['a reason alone: 4h', 'deploy freeze', DEFAULT_PAUSE_MS, 'deploy freeze'],
    ['a reason that mentions a duration later', 'freeze for 2h', DEFAULT_PAUSE_MS, 'freeze for 2h'],
  ])('%s', (_name, text, durationMs, reason) => {
    expect(parsePauseArgs(text.split(/\s+/).filter(Boolean))).toEqual({ ok: true, durationMs, reason });
  });

  it.each<[string, string, RegExp]>([
    [
      'a unit Overseer does not know',
      '90x deploy',
      /^`90x` is not a duration: .*30m, 2h or 1d.*Nothing changed\.$/,
    ],
    ['a number without a unit', '4 hours', /^`4` is not a duration/],
    ['a unit spelled out', '2hours', /^`2hours` is not a duration/],
    ['zero', '0m', /^A pause needs a duration above zero.*Nothing changed\.$/],
    ['longer than a month', '45d', /^A pause lasts at most 30d, and `45d` is longer\..*Nothing changed\.$/],
    ['markup in a bad duration is shown as text', '1<!here>', /^`1&lt;!here&gt;` is not a duration/],
  ])('refuses %s with a specific message', (_name, text, message) => {
    const parsed = parsePauseArgs(text.split(/\s+/));
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toMatch(message);
  });

  it('keeps at most 300 characters of reason', () => {
    const parsed = parsePauseArgs(['1h', 'x'.repeat(500)]);
    expect(parsed.ok && parsed.reason).toHaveLength(300);
  });
});
