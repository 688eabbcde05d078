import { describe, expect, it } from 'vitest';
import {
  actionsOutage,
  actionsStatusOf,
  GITHUB_STATUS_MAX_AGE_MS,
  statusWords,
} from '../../../src/escalation/domain/github-status.js';

const NOW = Date.parse('2026-12-06T16:00:00Z');

describe('GitHub status in words', () => {
  it.each([
    ['operational', 'operational'],
    ['degraded_performance', 'degraded performance'],
    ['partial_outage', 'partial outage'],
    ['major_outage', 'major outage'],
    ['under_maintenance', 'under maintenance'],
    // A status Statuspage adds later still reads as words.
    ['scheduled_outage', 'scheduled outage'],
    ['', 'unknown'],
  ])('%j is said "%s"', (status, words) => {
    expect(statusWords(status)).toBe(words);
  });

  it('does not take a name from the object prototype for a status', () => {
    expect(statusWords('constructor')).toBe('constructor');
  });
});

describe('an Actions outage, from the last reading', () => {
  it.each([
    ['partial outage, just read', { readAt: NOW, actions: 'partial_outage' }, 0, 'partial_outage'],
    [
      'degraded, read 10 minutes ago',
      { readAt: NOW, actions: 'degraded_performance' },
      GITHUB_STATUS_MAX_AGE_MS,
      'degraded_performance',
    ],
    [
      'major outage, read over 10 minutes ago: aged out',
      { readAt: NOW, actions: 'major_outage' },
      GITHUB_STATUS_MAX_AGE_MS + 1,
      undefined,
    ],
    ['operational', { readAt: NOW, actions: 'operational' }, 0, undefined],
    ['an unknown status counts as not operational', { readAt: NOW, actions: 'on_fire' }, 0, 'on_fire'],
    ['Actions not listed', { readAt: NOW }, 0, undefined],
  ])('%s', (_name, reading, age, status) => {
    const outage = actionsOutage(reading, NOW + age);
    expect(outage).toEqual(status === undefined ? undefined : { component: 'Actions', status });
  });

  it('no reading at all is no outage (fail open: pages go out as usual)', () => {
    expect(actionsOutage(null, NOW)).toBeUndefined();
    expect(actionsOutage(undefined, NOW)).toBeUndefined();
  });

  it('finds the Actions component by its name among the others', () => {
    const components = [
      { name: 'Git Operations', status: 'major_outage' },
      { name: 'Actions', status: 'partial_outage' },
    ];
    expect(actionsStatusOf(components)).toBe('partial_outage');
    expect(actionsStatusOf([{ name: 'Git Operations', status: 'major_outage' }])).toBeUndefined();
  });
});
