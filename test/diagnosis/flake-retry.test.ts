import { afterEach, describe, expect, it } from 'vitest';
import { RETRY_WAIT_MS } from '../../src/diagnosis/pending-retry.js';
import { changePause } from '../../src/settings/change-pause.js';
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
const MIN = 60_000;

let h: AppHarness;
afterEach(async () => {
  await h?.close();
});

function withLog(harness: AppHarness, runId: number, log = LOG): void {
  const jobs = harness.github.run(runId).attempts.at(-1)?.jobs ?? [];
  for (const job of jobs) if (job.name === 'unit tests') harness.github.setJobLog(job.id, log);
}

/** A red that a re-run cured: incident #1 resolved as flaky, then green again at a new commit. */
async function flakedOnce(harness: AppHarness): Promise<void> {
  harness.push('green', 'success');
  await harness.check();
  const red = harness.push('breaks cart', 'failure');
  withLog(harness, red.runId);
  const opened = await harness.check();
  expect(opened.event).toBe('regression');
  harness.github.completeRerun(red.runId, { conclusion: 'success' });
  harness.clock.advance(MIN);
  expect((await harness.check()).event).toBe('flaky');
  harness.push('unrelated', 'success');
  harness.clock.advance(MIN);
  await harness.check();
}

async function redAgain(harness: AppHarness) {
  harness.clock.advance(60 * MIN);
  const red = harness.push('touches cart again', 'failure');
  withLog(harness, red.runId);
  return red;
}

describe('flakeRetry', () => {
  it('known: a failure resolved as flaky before is re-run once, and nobody is paged when it passes', async () => {
    h = await startAppHarness({ logs: true, flakeRetry: 'known' });
    await flakedOnce(h);
    expect(h.incidentPosts()).toBe(1);
    const red = await redAgain(h);

    expect((await h.check()).event).toBe('regression');
    expect(h.github.rerunRequests.map((r) => r.runId)).toEqual([red.runId]);
    expect(h.incidentPosts()).toBe(1);
    const waiting = (await h.doc()).value.pendingRetry;
    expect(waiting).toMatchObject({ sha: red.sha, runId: red.runId, attempt: 1, why: 'known' });

    // The re-run is running: no verdict, still nobody paged.
    h.clock.advance(5 * MIN);
    await h.check();
    expect(h.incidentPosts()).toBe(1);

    h.github.completeRerun(red.runId, { conclusion: 'success' });
    h.clock.advance(MIN);
    expect((await h.check()).event).toBe('flaky');
    expect(h.incidentPosts()).toBe(1);
    const doc = (await h.doc()).value;
    expect(doc.pendingRetry).toBeUndefined();
    expect(doc.failures?.sightings.at(-1)).toMatchObject({ outcome: { kind: 'flaky' } });
    expect(h.github.rerunRequests).toHaveLength(1);
  });

  it('known: a re-run that fails too pages once, saying a re-run was tried', async () => {
    h = await startAppHarness({ logs: true, flakeRetry: 'known' });
    await flakedOnce(h);
    const red = await redAgain(h);
    await h.check();
    h.github.completeRerun(red.runId, { conclusion: 'failure' });
    h.clock.advance(MIN);
    const paged = await h.check();
    expect(paged.event).toBe('still-red');
    expect(h.incidentPosts()).toBe(2);
    const root = h.messages().at(-1);
    expect(JSON.stringify(root?.blocks)).toContain('tried automatically before paging, and it failed too');
    expect(h.replies(root).map((r) => r.text)).toContainEqual(expect.stringContaining('failed too'));
    // At most one automatic re-run per commit.
    await h.check();
    expect(h.github.rerunRequests).toHaveLength(1);
    expect(h.incidentPosts()).toBe(2);
  });

  it('known: a re-run still running after 20 min pages, also after a restart mid-wait', async () => {
    h = await startAppHarness({ logs: true, flakeRetry: 'known' });
    await flakedOnce(h);
    await redAgain(h);
    await h.check();
    expect(h.incidentPosts()).toBe(1);

    // A restart: the wait lives in the watch document, so a fresh process picks it up.
    h.clock.advance(RETRY_WAIT_MS - MIN);
    const restarted = { ...h.deps };
    const { checkWatch } = await import('../../src/check-watch.js');
    await checkWatch(restarted, h.target);
    expect(h.incidentPosts()).toBe(1);

    h.clock.advance(MIN);
    await checkWatch(restarted, h.target);
    expect(h.incidentPosts()).toBe(2);
    expect(JSON.stringify(h.messages().at(-1)?.blocks)).toContain('did not pass within 20 min');
    expect(h.github.rerunRequests).toHaveLength(1);
  });

  it('known: a failure never seen flaky is paged at once, with no re-run', async () => {
    h = await startAppHarness({ logs: true, flakeRetry: 'known' });
    await flakedOnce(h);
    h.clock.advance(60 * MIN);
    const red = h.push('breaks checkout', 'failure');
    withLog(
      h,
      red.runId,
      LOG.replace('adds an item', 'checks out').replace('2 to be 3', 'null to be defined'),
    );
    await h.check();
    expect(h.incidentPosts()).toBe(2);
    expect(h.github.rerunRequests).toHaveLength(0);
  });

  it('all: paused, no automatic re-run is made and the incident is paged', async () => {
    h = await startAppHarness({ logs: true, flakeRetry: 'all' });
    await changePause({ store: h.store, chat: h.deps.chat, clock: h.clock, admins: ['U0ADMIN'] }, 'U0ADMIN', {
      kind: 'pause',
      durationMs: 60 * MIN,
      reason: 'freeze',
    });
    h.push('green', 'success');
    await h.check();
    h.push('breaks', 'failure');
    await h.check();
    expect(h.github.rerunRequests).toHaveLength(0);
    expect(h.incidentPosts()).toBe(1);
  });

  it('all: every red is re-run first; GitHub refusing it pages at once', async () => {
    h = await startAppHarness({ logs: true, flakeRetry: 'all' });
    h.push('green', 'success');
    await h.check();
    const red = h.push('breaks', 'failure');
    h.github.failNext(
      { method: 'POST', path: `/repos/acme/widgets/actions/runs/${red.runId}/rerun-failed-jobs` },
      { status: 403, message: 'Resource not accessible by integration' },
    );
    await h.check();
    expect(h.incidentPosts()).toBe(1);
    expect(JSON.stringify(h.messages().at(-1)?.blocks)).toContain('GitHub refused it');
    expect((await h.doc()).value.pendingRetry).toBeUndefined();
  });

  it('off: a known flake is paged with no automatic re-run', async () => {
    h = await startAppHarness({ logs: true, flakeRetry: 'off' });
    await flakedOnce(h);
    await redAgain(h);
    await h.check();
    expect(h.incidentPosts()).toBe(2);
    expect(h.github.rerunRequests).toHaveLength(0);
    expect(JSON.stringify(h.messages().at(-1)?.blocks)).toContain('Seen once in 14 days');
  });
});
