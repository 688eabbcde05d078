import { afterEach, describe, expect, it } from 'vitest';
import { type CheckDeps, checkWatch } from '../../src/check-watch.js';
import type { WatchDoc } from '../../src/ci/watch-doc.js';
import type { JobLogs, Store } from '../../src/core/ports.js';
import { diagnoseIncident } from '../../src/diagnosis/diagnose-incident.js';
import type { JobExcerpt } from '../../src/diagnosis/domain/job-excerpt.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';

// The vitest failure each red run of these tests shows in its `unit tests` job.
const LOG = [
  '2025-06-02T09:00:00.0000000Z ##[group]Run npm test',
  '2025-06-02T09:00:00.1000000Z npm test',
  '2025-06-02T09:00:00.2000000Z ##[endgroup]',
  '2025-06-02T09:00:01.0000000Z  FAIL  test/cart.test.ts > cart > adds an item',
  '2025-06-02T09:00:01.1000000Z AssertionError: expected 2 to be 3 // Object.is equality',
  '2025-06-02T09:00:02.0000000Z ##[error]Process completed with exit code 1.',
].join('\n');
const LINE = 'AssertionError: expected 2 to be 3';
const NOTHING_YET = { delivered: 0, pending: 0, failed: false };

let h: AppHarness;
afterEach(async () => {
  await h?.close();
});

function withLog(harness: AppHarness, runId: number, log: string | 'gone' = LOG): void {
  const jobs = harness.github.run(runId).attempts.at(-1)?.jobs ?? [];
  for (const job of jobs) if (job.name === 'unit tests') harness.github.setJobLog(job.id, log);
}

/** The harness's dependencies without job logs: a check that reads no lines. */
function withoutLogs(harness: AppHarness): CheckDeps {
  const { jobLogs: _none, ...deps } = harness.deps;
  return deps;
}

/** Job logs that run `before` once, ahead of the first log read (the incident moving meanwhile). */
function logsAfter(real: JobLogs, before: () => Promise<void>): JobLogs {
  let pending: Promise<void> | undefined;
  return {
    tail: async (...args) => {
      pending ??= before();
      await pending;
      return real.tail(...args);
    },
    failureAnnotations: (...args) => real.failureAnnotations(...args),
  };
}

/** The harness's job logs, noting how many incidents were posted when each log is read. */
function countingPosts(harness: AppHarness, postsAtRead: number[]): JobLogs {
  const real = harness.deps.jobLogs as JobLogs;
  return {
    tail: (...args) => {
      postsAtRead.push(harness.incidentPosts());
      return real.tail(...args);
    },
    failureAnnotations: (...args) => real.failureAnnotations(...args),
  };
}

/** Green, then a red with the vitest log, checked without reading logs: the incident is posted bare. */
async function openBare(harness: AppHarness, log: string | 'gone' = LOG) {
  harness.push('green', 'success');
  await harness.check();
  const red = harness.push('breaks cart', 'failure');
  withLog(harness, red.runId, log);
  expect((await checkWatch(withoutLogs(harness), harness.target)).event).toBe('regression');
  return red;
}

const unitTests = (doc: WatchDoc) =>
  doc.current?.incident.failingJobs.find((job) => job.name === 'unit tests');
const logReads = (harness: AppHarness) =>
  harness.github.requests.filter((r) => r.path.endsWith('/logs')).length;
/** The excerpt's lines as one text; its reason when it has none. */
const linesOf = (excerpt: JobExcerpt | undefined) =>
  excerpt && 'lines' in excerpt ? excerpt.lines.join('\n') : JSON.stringify(excerpt);
const lastText = (harness: AppHarness) => JSON.stringify(harness.slack.callsTo('chat.update').at(-1)?.params);

describe('diagnoseIncident: the error lines follow the posted incident', () => {
  it('a check posts the incident before any log is read, then updates it with the lines', async () => {
    h = await startAppHarness({ logs: true });
    h.push('green', 'success');
    await h.check();
    const red = h.push('breaks cart', 'failure');
    withLog(h, red.runId);
    const postsAtRead: number[] = [];
    const spy = countingPosts(h, postsAtRead);
    const result = await checkWatch({ ...h.deps, jobLogs: spy }, h.target);
    expect(result.event).toBe('regression');
    expect(postsAtRead).toEqual([1]);
    expect(result.delivery.delivered).toBe(2);
    expect(lastText(h)).toContain(LINE);
    expect(JSON.stringify(h.messages()[0]?.blocks)).toContain(LINE);
  });

  it('same incident: records the lines with one write, remembers the failure and renders the message', async () => {
    h = await startAppHarness({ logs: true });
    await openBare(h);
    expect(JSON.stringify(h.messages()[0]?.blocks)).not.toContain(LINE);
    const before = await h.doc();

    const delivery = await diagnoseIncident(h.deps, h.target, NOTHING_YET);

    expect(delivery.delivered).toBe(1);
    const after = await h.doc();
    expect(after.version).toBe(before.version + 2); // the lines, then the render done
    const excerpt = unitTests(after.value)?.excerpt;
    expect(linesOf(excerpt)).toContain(LINE);
    expect(after.value.failures?.sightings).toHaveLength(1);
    expect(after.value.failures?.sightings[0]?.incidentId).toBe(after.value.current?.incident.id);
    expect(h.incidentPosts()).toBe(1);
    expect(lastText(h)).toContain(LINE);
    // Read once: a second look has nothing left to read.
    expect(await diagnoseIncident(h.deps, h.target, NOTHING_YET)).toEqual(NOTHING_YET);
    expect(logReads(h)).toBe(1);
  });

  it('jobs changed meanwhile (red again at a newer run): nothing is recorded; the next look reads the new jobs', async () => {
    h = await startAppHarness({ logs: true });
    await openBare(h);
    const real = h.deps.jobLogs as JobLogs;
    const moved = logsAfter(real, async () => {
      const again = h.push('still breaks cart', 'failure');
      withLog(h, again.runId);
      expect((await checkWatch(withoutLogs(h), h.target)).event).toBe('still-red');
    });

    expect(await diagnoseIncident({ ...h.deps, jobLogs: moved }, h.target, NOTHING_YET)).toEqual(NOTHING_YET);
    expect(unitTests((await h.doc()).value)?.excerpt).toBeUndefined();

    await h.check();
    const excerpt = unitTests((await h.doc()).value)?.excerpt;
    expect(linesOf(excerpt)).toContain(LINE);
  });

  it('incident changed meanwhile (recovered, then a new one): the old lines go to neither', async () => {
    h = await startAppHarness({ logs: true });
    await openBare(h);
    const first = (await h.doc()).value.current?.incident.id;
    const moved = logsAfter(h.deps.jobLogs as JobLogs, async () => {
      h.push('fixed', 'success');
      await checkWatch(withoutLogs(h), h.target);
      h.push('breaks again', 'failure');
      expect((await checkWatch(withoutLogs(h), h.target)).event).toBe('regression');
    });

    expect(await diagnoseIncident({ ...h.deps, jobLogs: moved }, h.target, NOTHING_YET)).toEqual(NOTHING_YET);
    const doc = (await h.doc()).value;
    expect(doc.current?.incident.id).not.toBe(first);
    expect(unitTests(doc)?.excerpt).toBeUndefined();
    expect(doc.earlier?.[0]?.incident.failingJobs.every((job) => job.excerpt === undefined)).toBe(true);
  });

  it('a log GitHub no longer keeps is recorded as its reason and not read again on every look', async () => {
    h = await startAppHarness({ logs: true });
    await openBare(h, 'gone');

    await diagnoseIncident(h.deps, h.target, NOTHING_YET);
    expect(unitTests((await h.doc()).value)?.excerpt).toEqual({ unavailable: 'expired' });
    expect(logReads(h)).toBe(1);

    await h.check();
    await h.check();
    expect(logReads(h)).toBe(1);
  });

  it('a crash before recording (the write fails) throws nothing; the next look reads the lines again', async () => {
    h = await startAppHarness({ logs: true });
    await openBare(h);
    const crashing: Store = Object.assign(Object.create(h.store) as Store, {
      put: () => Promise.reject(new Error('store went away')),
    });

    expect(await diagnoseIncident({ ...h.deps, store: crashing }, h.target, NOTHING_YET)).toEqual(
      NOTHING_YET,
    );
    expect(unitTests((await h.doc()).value)?.excerpt).toBeUndefined();
    expect(logReads(h)).toBe(1);

    await h.check();
    expect(logReads(h)).toBe(2);
    const excerpt = unitTests((await h.doc()).value)?.excerpt;
    expect(linesOf(excerpt)).toContain(LINE);
    expect(lastText(h)).toContain(LINE);
  });

  it('flakeRetry known: the lines are still read before deciding, and the first post shows them', async () => {
    h = await startAppHarness({ logs: true, flakeRetry: 'known' });
    h.push('green', 'success');
    await h.check();
    const red = h.push('breaks cart', 'failure');
    withLog(h, red.runId);
    const postsAtRead: number[] = [];
    const spy = countingPosts(h, postsAtRead);
    // Never seen flaky: paged at once, after its fingerprint was looked up in the failure memory.
    expect((await checkWatch({ ...h.deps, jobLogs: spy }, h.target)).event).toBe('regression');
    expect(postsAtRead).toEqual([0]);
    expect(h.github.rerunRequests).toHaveLength(0);
    expect(JSON.stringify(h.slack.callsTo('chat.postMessage')[0]?.params)).toContain(LINE);
    expect(h.slack.callsTo('chat.update')).toHaveLength(0);
  });

  it('Slack down at the post: the render still owed keeps its place, so the incident channel still waits for the message', async () => {
    h = await startAppHarness({ logs: true, incidentChannels: true });
    h.push('green', 'success');
    await h.check();
    const red = h.push('breaks cart', 'failure');
    withLog(h, red.runId);
    h.slack.failNext('chat.postMessage', { status: 500 }, 100);
    await checkWatch(withoutLogs(h), h.target);
    expect((await h.doc()).value.outbox.map((item) => item.kind)).toEqual(['render', 'channel']);

    await diagnoseIncident(h.deps, h.target, NOTHING_YET);

    const doc = (await h.doc()).value;
    expect(linesOf(unitTests(doc)?.excerpt)).toContain(LINE);
    expect(doc.outbox.map((item) => item.kind)).toEqual(['render', 'channel']);
    expect(h.slack.callsTo('conversations.create')).toHaveLength(0);
  });
});
