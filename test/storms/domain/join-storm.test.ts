import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../src/core/domain/types.js';
import { joinStorm, type StormRed, splitFromStorm } from '../../../src/storms/domain/join-storm.js';
import { causeFingerprint, stormCauseOf } from '../../../src/storms/domain/storm-cause.js';
import type { StormRecord } from '../../../src/storms/domain/storm-record.js';

const WINDOW = 10 * 60_000;
const T0 = Date.UTC(2026, 11, 6, 12, 0, 0);
const NPM = 'npm ERR! 503 Service Unavailable - GET https://registry.npmjs.org/left-pad';
const TLS = 'Error: certificate has expired';

function red(repo: string, line: string, channel = 'C1', job = 'build'): StormRed {
  const watch = { repo, workflow: 'ci.yml', branch: 'main' };
  return {
    channel,
    key: `${repo}:ci.yml:main`,
    watch,
    incidentId: `${repo}:ci.yml:main#1`,
    cause: causeFingerprint(line),
    line,
    fingerprint: `${job}|${causeFingerprint(line)}`,
  };
}

/** Stores through JSON, as both stores do: a restart between any two steps reads the same. */
function stored(record: StormRecord | undefined): StormRecord | undefined {
  return record === undefined ? undefined : (JSON.parse(JSON.stringify(record)) as StormRecord);
}

/** Runs reds one after the other against the record of their channel and cause, as the stage does. */
function play(steps: readonly (readonly [StormRed, number])[]) {
  const records = new Map<string, StormRecord>();
  return steps.map(([next, at]) => {
    const key = `${next.channel}:${next.cause}`;
    const outcome = joinStorm(stored(records.get(key)), next, at, WINDOW);
    if (outcome.record) records.set(key, outcome.record);
    return outcome.choice.kind === 'join' ? `join ${outcome.choice.lead.watch.repo}` : outcome.choice.kind;
  });
}

describe('joinStorm', () => {
  it.each<[string, readonly (readonly [StormRed, number])[], readonly string[]]>([
    ['the first red leads: it is posted at once', [[red('a/one', NPM), T0]], ['lead']],
    [
      'the same error line in another repo, within the window, joins the first',
      [
        [red('a/one', NPM), T0],
        [red('a/two', NPM, 'C1', 'test (node 20)'), T0 + 5_000],
      ],
      ['lead', 'join a/one'],
    ],
    [
      'numbers, times and hosts masked: the same cause',
      [
        [red('a/one', 'connect ETIMEDOUT 10.0.0.1:443 after 30s'), T0],
        [red('a/two', 'connect ETIMEDOUT 10.0.0.7:443 after 31s'), T0 + 1_000],
      ],
      ['lead', 'join a/one'],
    ],
    [
      'different error lines are never grouped',
      [
        [red('a/one', NPM), T0],
        [red('a/two', TLS), T0 + 1_000],
        [red('a/three', 'FAIL src/app.test.ts > adds'), T0 + 2_000],
      ],
      ['lead', 'lead', 'lead'],
    ],
    [
      'just inside the window of the last red joins',
      [
        [red('a/one', NPM), T0],
        [red('a/two', NPM), T0 + WINDOW],
      ],
      ['lead', 'join a/one'],
    ],
    [
      'past the window of the last red leads a storm of its own',
      [
        [red('a/one', NPM), T0],
        [red('a/two', NPM), T0 + WINDOW + 1],
      ],
      ['lead', 'lead'],
    ],
    [
      'the window counts from the latest red that joined',
      [
        [red('a/one', NPM), T0],
        [red('a/two', NPM), T0 + WINDOW - 1_000],
        [red('a/three', NPM), T0 + 2 * WINDOW - 2_000],
      ],
      ['lead', 'join a/one', 'join a/one'],
    ],
    [
      'another channel forms its own storm there',
      [
        [red('a/one', NPM, 'C1'), T0],
        [red('b/one', NPM, 'C2'), T0 + 1_000],
        [red('a/two', NPM, 'C1'), T0 + 2_000],
        [red('b/two', NPM, 'C2'), T0 + 3_000],
      ],
      ['lead', 'lead', 'join a/one', 'join b/one'],
    ],
    [
      'asked again for the same incident (a retry, a restart), the answer is the same',
      [
        [red('a/one', NPM), T0],
        [red('a/two', NPM), T0 + 1_000],
        [red('a/two', NPM), T0 + 2_000],
        [red('a/one', NPM), T0 + 3_000],
      ],
      ['lead', 'join a/one', 'join a/one', 'lead'],
    ],
  ])('%s', (_name, steps, expected) => {
    expect(play(steps)).toEqual(expected);
  });

  it('keeps the same watch red in a new episode out of its own storm', () => {
    const first = joinStorm(undefined, red('a/one', NPM), T0, WINDOW);
    const again = { ...red('a/one', NPM), incidentId: 'a/one:ci.yml:main#2' };
    expect(joinStorm(first.record, again, T0 + 1_000, WINDOW)).toEqual({
      choice: { kind: 'alone', reason: 'same-watch' },
    });
  });

  it('refuses a record of another channel or cause, changing nothing', () => {
    const first = joinStorm(undefined, red('a/one', NPM, 'C1'), T0, WINDOW);
    expect(joinStorm(first.record, red('a/two', TLS, 'C1'), T0, WINDOW)).toEqual({
      choice: { kind: 'alone', reason: 'other-cause' },
    });
    expect(joinStorm(first.record, red('a/two', NPM, 'C2'), T0, WINDOW).record).toBeUndefined();
  });
});

describe('splitFromStorm', () => {
  const lead = joinStorm(undefined, red('a/one', NPM), T0, WINDOW).record as StormRecord;
  const joined = joinStorm(lead, red('a/two', NPM), T0 + 1_000, WINDOW).record as StormRecord;
  const two = red('a/two', NPM);
  const split = splitFromStorm(stored(joined) as StormRecord, two, WINDOW) as StormRecord;

  it('takes the watch out and remembers the fingerprint pair until the window ends', () => {
    expect(split.joined).toEqual([]);
    expect(split.splits).toEqual([
      { key: two.key, pair: [lead.leadFingerprint, two.fingerprint], until: T0 + 1_000 + WINDOW },
    ]);
    expect(splitFromStorm(split, two, WINDOW)).toBeUndefined();
  });

  it.each<[string, StormRed, number, string]>([
    [
      'the split pair red again within the window stays alone',
      { ...two, incidentId: 'x#2' },
      T0 + 60_000,
      'alone',
    ],
    [
      'the split pair after the window leads anew',
      { ...two, incidentId: 'x#2' },
      T0 + 1_000 + WINDOW + 1,
      'lead',
    ],
    ['another watch with the same cause still joins', red('a/three', NPM, 'C1', 'lint'), T0 + 60_000, 'join'],
  ])('%s', (_name, next, at, kind) => {
    expect(joinStorm(stored(split), next, at, WINDOW).choice.kind).toBe(kind);
  });
});

describe('stormCauseOf', () => {
  const job = (name: string): JobInfo => ({
    name,
    conclusion: 'failure',
    url: 'https://x/job',
    failedSteps: [],
  });
  const excerpt = (primary: string, name = 'build'): JobInfo => ({
    ...job(name),
    excerpt: { lines: [primary], primary, fingerprint: `${name}:${primary}` },
  });

  it('takes the first job whose lines were read, ignoring the job name', () => {
    const unread: JobInfo = { ...job('lint'), excerpt: { unavailable: 'expired' } };
    expect(stormCauseOf([unread, excerpt(NPM, 'test')])).toEqual({
      cause: causeFingerprint(NPM),
      line: NPM,
      fingerprint: `test:${NPM}`,
    });
    expect(stormCauseOf([excerpt(NPM, 'build')])?.cause).toBe(stormCauseOf([excerpt(NPM, 'deploy')])?.cause);
  });

  it('has no cause when no line was read: such a red is never grouped', () => {
    expect(
      stormCauseOf([job('build'), { ...job('lint'), excerpt: { unavailable: 'timed out' } }]),
    ).toBeUndefined();
  });
});
