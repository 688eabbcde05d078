import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/settings/durations.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['0m', 0],
    ['0s', 0],
    ['90m', 5_400_000],
    [' 5m ', 300_000],
  ])('reads %j as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    '',
    '15',
    '0',
    'm',
    '15 m',
    '15min',
    '1.5h',
    '-5m',
    '5M',
    '1w',
    '1h30m',
    'soon',
    '99999999999999999d',
  ])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
