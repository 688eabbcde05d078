import { describe, expect, it } from 'vitest';
import { matchesGlob } from '../../../src/core/domain/glob.js';
import type { WatchRef } from '../../../src/core/domain/types.js';
import {
  DEFAULT_DECISION_LIMITS,
  type DecisionEvent,
  type DecisionRule,
  decide,
  type EventKind,
} from '../../../src/escalation/domain/decision.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const WIDGETS: WatchRef = { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' };
const GADGETS: WatchRef = { repo: 'acme/gadgets', workflow: 'build.yml', branch: 'release/1.2' };
const OTHER: WatchRef = { repo: 'globex/api', workflow: 'ci.yml', branch: 'main' };

const on = (kind: Exclude<EventKind, 'still-red' | 'loop-stalled' | 'github-unreachable'>, watch = WIDGETS) =>
  ({ kind, watch }) satisfies DecisionEvent;
const stillRed = (redForMs: number, redCommits: number, watch = WIDGETS): DecisionEvent => ({
  kind: 'still-red',
  watch,
  redForMs,
  redCommits,
});

describe('decide: the defaults', () => {
  it.each<[string, DecisionEvent, string, string, string]>([
    [
      'a regression is posted and escalated on the schedule',
      on('regression'),
      'notify',
      'incident',
      'CI turned red: a new incident, escalated on the usual schedule',
    ],
    [
      'a recovery is told in the thread, without escalation',
      on('recovered'),
      'notify',
      'thread',
      'CI is green again: told in the thread, escalation ends',
    ],
    [
      'a flake waits for the daily digest',
      on('flaky'),
      'queue',
      'thread',
      'a flaky failure (green on a re-run): kept for the daily digest',
    ],
    ['a failed fix pages at once', on('fix-failed'), 'barge_in', 'incident', 'the fix failed: paging now'],
    [
      'a fix that made CI worse pages at once',
      on('fix-regressed'),
      'barge_in',
      'incident',
      'the fix made CI worse: paging now',
    ],
    [
      'a loop stalled for 3 cycles is told to the admins',
      { kind: 'loop-stalled', cycles: 3 },
      'notify',
      'admins',
      'the check loop stalled for 3 cycles (3 or more): admins are told by DM',
    ],
    [
      'a loop stalled for 2 cycles is not told yet',
      { kind: 'loop-stalled', cycles: 2 },
      'ignore',
      'admins',
      'the check loop stalled for 2 cycles (admins are told at 3)',
    ],
    [
      'GitHub unreachable for 4 cycles is told to the admins',
      { kind: 'github-unreachable', cycles: 4 },
      'notify',
      'admins',
      'GitHub unreachable for 4 cycles (3 or more): admins are told by DM',
    ],
    [
      'GitHub unreachable for 1 cycle is not told yet',
      { kind: 'github-unreachable', cycles: 1, watch: WIDGETS },
      'ignore',
      'admins',
      'GitHub unreachable for 1 cycle (admins are told at 3)',
    ],
  ])('%s', (_name, event, action, to, reason) => {
    expect(decide(event, [])).toEqual({ action, to, reason });
  });
});

describe('decide: still red', () => {
  it.each<[string, number, number, string, string]>([
    [
      'under 2h and 1 commit: the usual schedule',
      HOUR + 5 * MIN,
      1,
      'notify',
      'still red for 1h 5m across 1 commit (barge in after more than 2h or at 3 commits)',
    ],
    [
      'exactly 2h is not more than 2h',
      2 * HOUR,
      2,
      'notify',
      'still red for 2h across 2 commits (barge in after more than 2h or at 3 commits)',
    ],
    ['one millisecond past 2h barges in', 2 * HOUR + 1, 1, 'barge_in', 'still red for 2h (more than 2h)'],
    ['2h 10m barges in', 2 * HOUR + 10 * MIN, 1, 'barge_in', 'still red for 2h 10m (more than 2h)'],
    ['3 red commits barge in', 20 * MIN, 3, 'barge_in', 'still red across 3 commits (3 or more)'],
    ['4 red commits barge in', 20 * MIN, 4, 'barge_in', 'still red across 4 commits (3 or more)'],
    [
      'both thresholds are named',
      3 * HOUR,
      5,
      'barge_in',
      'still red for 3h (more than 2h) across 5 commits (3 or more)',
    ],
  ])('%s', (_name, redForMs, redCommits, action, reason) => {
    expect(decide(stillRed(redForMs, redCommits), [])).toEqual({ action, to: 'incident', reason });
  });

  it('takes its thresholds from the limits', () => {
    const limits = { ...DEFAULT_DECISION_LIMITS, stillRedMs: 30 * MIN, stillRedCommits: 10 };
    expect(decide(stillRed(31 * MIN, 2), [], limits)).toEqual({
      action: 'barge_in',
      to: 'incident',
      reason: 'still red for 31 min (more than 30 min)',
    });
    expect(decide(stillRed(29 * MIN, 9), [], limits).action).toBe('notify');
    expect(decide({ kind: 'loop-stalled', cycles: 3 }, [], { ...limits, outageCycles: 5 }).action).toBe(
      'ignore',
    );
  });
});

describe('decide: rules', () => {
  const rules: DecisionRule[] = [
    { repo: 'acme/widgets', event: 'regression', action: 'barge_in' },
    { repo: 'acme/*', event: 'flaky', action: 'ignore' },
    { branch: 'release/*', action: 'queue' },
    { workflow: 'nightly.yml', event: ['still-red', 'regression'], action: 'execute_silent' },
  ];

  it.each<[string, DecisionEvent, string, string]>([
    ['an exact repo rule', on('regression'), 'barge_in', 'rule 1: repo acme/widgets regression → barge_in'],
    ['a repo glob', on('flaky', WIDGETS), 'ignore', 'rule 2: repo acme/* flaky → ignore'],
    [
      'the first match wins: rule 3 (release/*) matches too',
      on('flaky', GADGETS),
      'ignore',
      'rule 2: repo acme/* flaky → ignore',
    ],
    [
      'a rule with no event matches every event',
      on('recovered', GADGETS),
      'queue',
      'rule 3: branch release/* any event → queue',
    ],
    [
      'a rule with a list of events',
      stillRed(5 * MIN, 1, { ...OTHER, workflow: 'nightly.yml' }),
      'execute_silent',
      'rule 4: workflow nightly.yml still-red or regression → execute_silent',
    ],
    [
      'rules come before the still-red thresholds',
      stillRed(5 * HOUR, 9, GADGETS),
      'queue',
      'rule 3: branch release/* any event → queue',
    ],
    [
      'no rule matches: the default',
      on('flaky', OTHER),
      'queue',
      'a flaky failure (green on a re-run): kept for the daily digest',
    ],
    [
      'a rule naming a repo never matches an event without a watch',
      { kind: 'github-unreachable', cycles: 1 },
      'ignore',
      'GitHub unreachable for 1 cycle (admins are told at 3)',
    ],
  ])('%s', (_name, event, action, reason) => {
    expect(decide(event, rules)).toMatchObject({ action, reason });
  });

  it('a rule with nothing to match matches every event, watched or not', () => {
    const all: DecisionRule[] = [{ action: 'ignore' }];
    expect(decide({ kind: 'loop-stalled', cycles: 9 }, all)).toEqual({
      action: 'ignore',
      to: 'admins',
      reason: 'rule 1: any event → ignore',
    });
    expect(decide(on('fix-failed', OTHER), all).reason).toBe('rule 1: any event → ignore');
  });

  it('matches a rule on every field it names', () => {
    const rule: DecisionRule = { repo: 'acme/*', branch: 'main', workflow: 'ci.yml', action: 'ignore' };
    expect(decide(on('regression', WIDGETS), [rule]).action).toBe('ignore');
    expect(decide(on('regression', { ...WIDGETS, branch: 'dev' }), [rule]).action).toBe('notify');
    expect(decide(on('regression', { ...WIDGETS, workflow: 'lint.yml' }), [rule]).action).toBe('notify');
    expect(decide(on('regression', OTHER), [rule]).action).toBe('notify');
  });

  it('keeps the event where it belongs, whatever the rule decided', () => {
    expect(decide(on('recovered'), [{ action: 'barge_in' }]).to).toBe('thread');
    expect(decide({ kind: 'loop-stalled', cycles: 1 }, [{ action: 'notify' }]).to).toBe('admins');
  });
});

describe('matchesGlob', () => {
  it.each<[string, string, boolean, boolean?]>([
    ['acme/widgets', 'acme/widgets', true],
    ['acme/widgets', 'acme/widgets-2', false],
    ['acme/*', 'acme/widgets', true],
    ['acme/*', 'acme/', true],
    ['acme/*', 'acmecorp/widgets', false],
    ['*/widgets', 'acme/widgets', true],
    ['release/*', 'release/1.2', true],
    ['release/*', 'release/1.2/hotfix', false],
    ['release/**', 'release/1.2/hotfix', true],
    ['**', 'any/thing/at/all', true],
    ['v1.?', 'v1.2', false],
    ['v1.?', 'v1.?', true],
    ['ci.yml', 'ciXyml', false],
    ['feat-(x)+', 'feat-(x)+', true],
    ['Main', 'main', false],
    ['ACME/Widgets', 'acme/widgets', true, true],
    ['acme/*', 'ACME/widgets', true, true],
  ])('%s against %s: %s', (pattern, text, expected, ignoreCase = false) => {
    expect(matchesGlob(pattern, text, { ignoreCase })).toBe(expected);
  });

  it('matches repos without regard to case in rules, and branches with it', () => {
    expect(
      decide(on('flaky', { ...WIDGETS, repo: 'Acme/Widgets' }), [{ repo: 'acme/widgets', action: 'ignore' }])
        .action,
    ).toBe('ignore');
    expect(
      decide(on('flaky', { ...WIDGETS, branch: 'Main' }), [{ branch: 'main', action: 'ignore' }]).action,
    ).toBe('queue');
  });
});
