import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RUN_PAGES } from '../../src/ci/read-runs.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { ALICE, REPO } from '../support/scenario.js';

const RUNS_ROUTE = '/actions/workflows/ci.yml/runs';

describe('checkWatch on a branch busier than one page of runs', () => {
  let h: AppHarness;
  beforeEach(async () => {
    h = await startAppHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const running = (count: number) => {
    for (let i = 0; i < count; i += 1) {
      const sha = h.github.addCommit(REPO, { message: `Change ${i}`, author: ALICE });
      h.github.addRun(REPO, { headSha: sha, status: i % 2 ? 'queued' : 'in_progress' });
    }
  };
  const runPagesRead = () =>
    h.github.requests.filter((r) => r.path.endsWith(RUNS_ROUTE)).map((r) => r.query.page ?? '1');

  it('reads further pages until it reaches the finished red below 40 running commits', async () => {
    h.push('Add widgets', 'success');
    await h.check();
    const red = h.push('Break the widget parser', 'failure');
    running(40);

    const result = await h.check();
    expect(result).toMatchObject({ verdict: 'red', event: 'regression' });
    expect((await h.doc()).value.episode).toMatchObject({
      stand: { sha: red.sha, runId: red.runId },
      newerRunning: 40,
    });
    expect(runPagesRead()).toEqual(['1', '1', '2']);
  });

  it('stops at the run the state stands on instead of reading every page', async () => {
    h.push('Add widgets', 'success');
    for (let i = 0; i < 40; i += 1) h.push(`Older green ${i}`, 'success');
    await h.check();
    running(35);
    const before = h.github.requests.length;
    const result = await h.check();
    expect(result).toMatchObject({ verdict: 'green' });
    expect(result.event).toBeUndefined();
    expect((await h.doc()).value.episode.newerRunning).toBe(35);
    expect(runPagesRead().slice(-2)).toEqual(['1', '2']);
    expect(h.github.requests.length - before).toBe(2);
  });

  it(`gives up after ${MAX_RUN_PAGES} pages with no finished commit: no signal, nothing moves`, async () => {
    running(MAX_RUN_PAGES * 30 + 10);
    expect(await h.check()).toMatchObject({ verdict: 'no-signal', reason: 'no finished run' });
    expect(runPagesRead()).toHaveLength(MAX_RUN_PAGES);
    expect((await h.doc()).value.episode.signal).toBe('unknown');
  });
});
