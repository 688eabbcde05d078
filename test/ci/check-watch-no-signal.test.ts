import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { ALICE, REPO, visibleText } from '../support/scenario.js';

const RUNS = { method: 'GET', path: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs' };
const JOBS = {
  method: 'GET',
  path: '/repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs',
};

describe('checkWatch when GitHub gives no signal', () => {
  let h: AppHarness;
  beforeEach(async () => {
    h = await startAppHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('a 502 on the runs list throws, records nothing and posts nothing', async () => {
    h.push('Add widgets', 'success');
    await h.check();
    h.push('Break the widget parser', 'failure');
    const before = await h.doc();
    h.github.failNext(RUNS, { status: 502 });

    await expect(h.check()).rejects.toMatchObject({ status: 502 });
    expect((await h.doc()).version).toBe(before.version);
    expect(h.slack.calls).toHaveLength(0);

    const next = await h.check();
    expect(next.event).toBe('regression');
    expect(h.topLevelPosts()).toBe(1);
  });

  it('a 502 on the runs list during an incident neither resolves nor updates it', async () => {
    h.push('Add widgets', 'success');
    await h.check();
    h.push('Break the widget parser', 'failure');
    await h.check();
    h.push('Fix the parser', 'success');
    const before = await h.doc();
    const callsBefore = h.slack.calls.length;
    h.github.failNext(RUNS, { status: 502 });

    await expect(h.check()).rejects.toMatchObject({ status: 502 });
    expect(await h.doc()).toEqual(before);
    expect(h.slack.calls).toHaveLength(callsBefore);
  });

  it('a 502 on the jobs API during a regression opens nothing; the next check opens exactly one incident', async () => {
    h.push('Add widgets', 'success');
    await h.check();
    const red = h.push('Break the widget parser', 'failure');
    const before = await h.doc();
    h.github.failNext(JOBS, { status: 502 });

    await expect(h.check()).rejects.toMatchObject({ status: 502 });
    expect((await h.doc()).version).toBe(before.version);
    expect(h.slack.calls).toHaveLength(0);

    const next = await h.check();
    expect(next).toMatchObject({ event: 'regression', delivery: { delivered: 1, failed: false } });
    await h.check();
    expect(h.topLevelPosts()).toBe(1);
    expect(h.messages()).toHaveLength(1);
    expect(visibleText(h.messages()[0])).toContain(`https://github.com/${REPO}/actions/runs/${red.runId}`);
    expect(visibleText(h.messages()[0])).toContain('Run npm test');
  });

  it('a cancelled head run changes nothing: no write, no Slack call', async () => {
    h.push('Add widgets', 'success');
    await h.check();
    h.push('Break the widget parser', 'failure');
    await h.check();
    const before = await h.doc();
    const callsBefore = h.slack.calls.length;

    h.push('Fix the parser', 'cancelled');
    const result = await h.check();
    // The cancelled commit proves nothing: the red below it still decides, and it is old news.
    expect(result).toMatchObject({ verdict: 'red' });
    expect(result.event).toBeUndefined();
    expect(await h.doc()).toEqual(before);
    expect(h.slack.calls).toHaveLength(callsBefore);
    expect(visibleText(h.messages()[0])).toContain('CI has been red');
  });

  it('a cancelled run after a green opens nothing', async () => {
    h.push('Add widgets', 'success');
    await h.check();
    const before = await h.doc();
    h.push('Try something', 'cancelled');
    const result = await h.check();
    expect(result).toMatchObject({ verdict: 'green' });
    expect(result.event).toBeUndefined();
    expect((await h.doc()).version).toBe(before.version);
    expect(h.slack.calls).toHaveLength(0);
  });

  it('a head run still in progress changes nothing until it completes green', async () => {
    h.push('Add widgets', 'success');
    await h.check();
    h.push('Break the widget parser', 'failure');
    await h.check();
    const before = await h.doc();
    const sha = h.github.addCommit(REPO, { message: 'Fix the parser', author: ALICE });
    const runId = h.github.addRun(REPO, { headSha: sha, status: 'in_progress' });

    const result = await h.check();
    expect(result).toMatchObject({ verdict: 'red' });
    expect(result.event).toBeUndefined();
    // Only the count of newer commits still running moves (status shows it); the episode stands.
    const after = (await h.doc()).value;
    expect(after).toEqual({ ...before.value, episode: { ...before.value.episode, newerRunning: 1 } });
    expect(h.slack.callsTo('chat.update')).toHaveLength(0);

    h.github.completeRun(runId, { conclusion: 'success' });
    expect((await h.check()).event).toBe('recovered');
  });
});
