import { afterEach, describe, expect, it } from 'vitest';
import { rerunReply } from '../../src/platform/slack/incidents/incident-actions.js';
import { type AppHarness, type HarnessOptions, startAppHarness } from '../support/app-harness.js';
import { visibleText } from '../support/scenario.js';

const RERUN = { method: 'POST', path: '/repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs' };

describe('requestRerun', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  /** A harness with one open incident on a red run. */
  async function openIncident(options?: HarnessOptions) {
    const app = await startAppHarness(options);
    h = app;
    app.push('Add widgets', 'success');
    await app.check();
    const red = app.push('Break the widget parser', 'failure');
    const incidentId = (await app.check()).incidentId ?? '';
    return { app, red, incidentId };
  }

  const notes = (app: AppHarness) => app.replies(app.messages()[0]).map((reply) => visibleText(reply));

  it('five parallel clicks ask GitHub once, note it once and name the first clicker to the others', async () => {
    const { app, red, incidentId } = await openIncident();
    const users = ['U01', 'U02', 'U03', 'U04', 'U05'];

    const outcomes = await Promise.all(users.map((user) => app.rerun(incidentId, user)));
    const requested = outcomes.flatMap((outcome, index) =>
      outcome.kind === 'requested' ? [users[index]] : [],
    );
    expect(requested).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.kind === 'requested')).toEqual([
      { kind: 'requested', attempt: 2 },
    ]);
    expect(outcomes.filter((outcome) => outcome.kind === 'duplicate')).toEqual(
      Array.from({ length: 4 }, () => ({ kind: 'duplicate', by: requested[0] })),
    );
    expect(app.github.rerunRequests).toEqual([
      { repo: 'acme/widgets', runId: red.runId, kind: 'rerun-failed-jobs', enableDebugLogging: false },
    ]);
    expect(notes(app)).toEqual([
      `<@${requested[0]}> asked for a re-run of the failed jobs (attempt 2 is starting).`,
    ]);
    expect(app.topLevelPosts()).toBe(1);
  });

  it('while the re-run is under way a check sees no signal and changes nothing', async () => {
    const { app, red, incidentId } = await openIncident();
    await app.rerun(incidentId, 'U01');
    const before = await app.doc();
    expect(await app.check()).toMatchObject({ verdict: 'no-signal', reason: 'nothing newer finished' });
    // The green below the red commit being re-run must not read as recovery.
    expect((await app.doc()).value).toEqual({
      ...before.value,
      episode: { ...before.value.episode, newerRunning: 1 },
    });

    app.github.completeRun(red.runId, { conclusion: 'failure' });
    expect((await app.check()).event).toBe('still-red');
    expect(visibleText(app.messages()[0])).toContain('(attempt 2)');
  });

  it('with rerunBy approvers, a non-approver is refused without any call to GitHub', async () => {
    const { app, incidentId } = await openIncident({
      rerunBy: 'approvers',
      approvers: ['U0LEAD', 'S0ONCALL'],
    });
    app.slack.addUsergroup('S0ONCALL', ['U0ONCALL']);
    const before = app.github.requests.length;

    expect(await app.rerun(incidentId, 'U0VISITOR')).toEqual({ kind: 'not-allowed' });
    expect(app.github.requests).toHaveLength(before);
    expect(app.github.rerunRequests).toEqual([]);
    expect(notes(app)).toEqual([]);
  });

  it('with rerunBy approvers, a member of an approver user group may ask', async () => {
    const { app, incidentId } = await openIncident({
      rerunBy: 'approvers',
      approvers: ['U0LEAD', 'S0ONCALL'],
    });
    app.slack.addUsergroup('S0ONCALL', ['U0ONCALL']);

    expect(await app.rerun(incidentId, 'U0ONCALL')).toEqual({ kind: 'requested', attempt: 2 });
    expect(app.slack.callsTo('usergroups.users.list').map((call) => call.params.usergroup)).toEqual([
      'S0ONCALL',
    ]);
    expect(app.github.rerunRequests).toHaveLength(1);
  });

  it('with rerunBy approvers, an unreadable user group admits nobody', async () => {
    const { app, incidentId } = await openIncident({ rerunBy: 'approvers', approvers: ['S0MISSING'] });
    expect(await app.rerun(incidentId, 'U0ONCALL')).toEqual({ kind: 'not-allowed' });
    expect(app.github.rerunRequests).toEqual([]);
  });

  it('a 502 from GitHub answers failed, notes nothing, and a later click may try again', async () => {
    const { app, incidentId } = await openIncident();
    app.github.failNext(RERUN, { status: 502 });

    const failed = await app.rerun(incidentId, 'U01');
    expect(failed).toMatchObject({ kind: 'failed', error: { status: 502 } });
    expect(app.github.rerunRequests).toEqual([]);
    expect(notes(app)).toEqual([]);

    expect(await app.rerun(incidentId, 'U02')).toEqual({ kind: 'requested', attempt: 2 });
    expect(app.github.rerunRequests).toHaveLength(1);
    expect(notes(app)).toEqual(['<@U02> asked for a re-run of the failed jobs (attempt 2 is starting).']);
  });

  it.each([
    ['This workflow run is already running', 'already being re-run'],
    ['Resource not accessible by integration', 'needs Actions: Read and write'],
    ['Forbidden', 'without saying why'],
  ])('a 403 saying "%s" is told to the clicker as what GitHub said', async (message, words) => {
    const { app, incidentId } = await openIncident();
    app.github.failNext(RERUN, { status: 403, message });

    const failed = await app.rerun(incidentId, 'U01');
    expect(failed.kind).toBe('failed');
    const reply = rerunReply(failed) ?? '';
    expect(reply).toContain(words);
    // Only a 403 that says so is a missing permission.
    expect(reply.includes('Actions: Read and write')).toBe(message.startsWith('Resource not accessible'));
    expect(notes(app)).toEqual([]);
  });

  it('a resolved or unknown incident answers not-open without calling GitHub', async () => {
    const { app, incidentId } = await openIncident();
    app.push('Fix the parser', 'success');
    await app.check();
    const before = app.github.requests.length;
    expect(await app.rerun(incidentId, 'U01')).toEqual({ kind: 'not-open' });
    expect(await app.rerun('acme/other:ci.yml:main#1', 'U01')).toEqual({ kind: 'not-open' });
    expect(app.github.requests).toHaveLength(before);
  });
});
