import { afterEach, describe, expect, it } from 'vitest';
import { type CheckDeps, checkWatch } from '../../src/check-watch.js';
import { watchDocKey } from '../../src/ci/watch-doc.js';
import { RETRY_WAIT_MS } from '../../src/diagnosis/pending-retry.js';
import type { DecisionRule } from '../../src/escalation/domain/decision-rule.js';
import type { FixSettings } from '../../src/fix-tasks/fix-remedy.js';
import { proposeOwed } from '../../src/fix-tasks/owed-proposals.js';
import { OWED_PROPOSALS } from '../../src/fix-tasks/proposal-queue.js';
import { RESERVATION_GRACE_MS, TASK_BOOK_KEY, type TaskBook } from '../../src/fix-tasks/task-book.js';
import {
  type AppHarness,
  BRANCH,
  type HarnessOptions,
  redJobs,
  startAppHarness,
  WORKFLOW,
} from '../support/app-harness.js';
import type { SlackParams } from '../support/fake-slack-params.js';
import { fixTaskDeps } from '../support/fix-task-deps.js';
import { visibleText } from '../support/scenario.js';

const LEAD = 'U0LEAD';
const REPO = 'acme/widgets';
const MIN = 60_000;
/** The revert strategy's first look-up before a task is proposed (the suspect's pull request). */
const PULLS_OF_COMMIT = '/repos/{owner}/{repo}/commits/{commit_sha}/pulls';

interface World {
  readonly h: AppHarness;
  readonly deps: CheckDeps;
  check(deps?: CheckDeps): ReturnType<typeof checkWatch>;
  /** One tick of the owed-proposal queue on this replica (the bot's `owed-proposals` job). */
  tick(): Promise<number>;
}

describe('proposing a fix task is owed work, recorded with the regression', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function world(fix: FixSettings, options: HarnessOptions = {}): Promise<World> {
    h = await startAppHarness({ approvers: [LEAD], ...options });
    const app = h;
    const deps = fixTaskDeps(app, app.deps, { approvers: [LEAD], fix });
    const { originate } = deps;
    if (originate === undefined) throw new Error('fixTaskDeps always proposes');
    return {
      h: app,
      deps,
      check: (given = deps) => checkWatch(given, app.target),
      tick: () => proposeOwed({ ...deps, originate }),
    };
  }

  /** Green, then a merged pull request red at its merge commit: one suspect with a pull request. */
  async function brokenByPull(w: World) {
    w.h.push('Add widgets', 'success');
    await w.check();
    const broke = w.h.github.addMergedPull(REPO, { title: 'Cache widget lookups', author: 'alice' });
    w.h.github.addRun(REPO, {
      workflow: WORKFLOW,
      branch: BRANCH,
      headSha: broke.sha,
      conclusion: 'failure',
      jobs: redJobs('failure'),
    });
    return broke;
  }

  const taskMessages = (w: World) =>
    w.h.replies(w.h.messages()[0]).filter((m) => /Fix task/.test(visibleText(m)));
  const slot = async (w: World) => (await w.h.doc()).value.current;
  const pullLookups = (w: World) =>
    w.h.github.requests.filter((r) => r.method === 'GET' && /\/commits\/[0-9a-f]+\/pulls$/.test(r.path));

  it('a GitHub 5xx while proposing is retried on the next look: the task is proposed then, once', async () => {
    const w = await world({ strategy: 'revert' });
    await brokenByPull(w);
    w.h.github.failNext({ method: 'GET', path: PULLS_OF_COMMIT }, { status: 502 });
    expect((await w.check()).event).toBe('regression');
    // The incident is posted; the proposal stays owed in the watch document.
    expect(w.h.incidentPosts()).toBe(1);
    expect((await slot(w))?.task).toBeUndefined();
    expect((await slot(w))?.proposal).toMatchObject({ tries: 1, lastError: 'http 502' });

    await w.check();
    expect((await slot(w))?.task).toMatchObject({ id: 'T-1', state: 'pending', strategy: 'revert' });
    expect((await slot(w))?.proposal).toBeUndefined();
    expect(taskMessages(w)).toHaveLength(1);

    await w.check();
    expect(taskMessages(w)).toHaveLength(1);
    expect(w.h.incidentPosts()).toBe(1);
  });

  it('a crash after the regression was recorded is made good by the next look', async () => {
    const w = await world({ strategy: 'rerun' });
    w.h.push('Add widgets', 'success');
    await w.check();
    w.h.push('Break the widget parser', 'failure');
    // The process dies between the compare-and-set and the proposal.
    const crashing: CheckDeps = {
      ...w.deps,
      originate: () => Promise.reject(new Error('process killed')),
    };
    await expect(w.check(crashing)).resolves.toMatchObject({ event: 'regression' });
    expect((await slot(w))?.task).toBeUndefined();

    await w.check();
    expect((await slot(w))?.task).toMatchObject({ id: 'T-1', state: 'pending' });
    expect(taskMessages(w)).toHaveLength(1);
  });

  it('a replica that crashed between taking the place and recording the task: proposed once the place is freed', async () => {
    const w = await world({ strategy: 'rerun' });
    w.h.push('Add widgets', 'success');
    await w.check();
    w.h.push('Break the widget parser', 'failure');
    const id = 'acme/widgets:ci.yml:main#1';
    // The other replica's place in the book, for this incident, with no task ever recorded.
    const lost: TaskBook = {
      open: [
        { taskId: 'T-1', incidentId: id, watchKey: 'acme/widgets:ci.yml:main', openedAt: w.h.clock.now() },
      ],
      nextNumber: 2,
    };
    await w.h.store.put(TASK_BOOK_KEY, lost, 0);
    expect((await w.check()).incidentId).toBe(id);
    expect((await slot(w))?.task).toBeUndefined();
    expect((await slot(w))?.proposal).toMatchObject({ tries: 1 });

    // After the grace period the lost place is freed, and the proposal still owed is made.
    w.h.clock.advance(3 * MIN);
    await w.check();
    w.h.clock.advance(5 * MIN);
    await w.check();
    expect((await slot(w))?.task).toMatchObject({ id: 'T-2', state: 'pending' });
    expect(taskMessages(w)).toHaveLength(1);
  });

  it('a place a crashed replica took: the owed-proposal queue proposes the task once the grace is over, with no further look', async () => {
    const w = await world({ strategy: 'rerun' });
    w.h.push('Add widgets', 'success');
    await w.check();
    w.h.push('Break the widget parser', 'failure');
    const id = 'acme/widgets:ci.yml:main#1';
    const takenAt = w.h.clock.now();
    const lost: TaskBook = {
      open: [{ taskId: 'T-1', incidentId: id, watchKey: 'acme/widgets:ci.yml:main', openedAt: takenAt }],
      nextNumber: 2,
    };
    await w.h.store.put(TASK_BOOK_KEY, lost, 0);
    expect((await w.check()).incidentId).toBe(id);
    expect((await slot(w))?.proposal).toMatchObject({ tries: 1 });

    // Webhooks speak for the watch: no look comes for 15 minutes. The queue's tick does the work,
    // not before the place's grace is over (the replica may still be recording its task).
    w.h.clock.advance(takenAt + RESERVATION_GRACE_MS - 1_000 - w.h.clock.now());
    expect(await w.tick()).toBe(0);
    expect((await slot(w))?.task).toBeUndefined();
    w.h.clock.advance(takenAt + RESERVATION_GRACE_MS - w.h.clock.now());
    expect(await w.tick()).toBe(1);
    expect((await slot(w))?.task).toMatchObject({ id: 'T-2', state: 'pending' });
    expect((await slot(w))?.proposal).toBeUndefined();
    expect(taskMessages(w)).toHaveLength(1);
    // The lost place was freed; the queue holds nothing more for the watch.
    const book = (await w.h.store.get<TaskBook>(TASK_BOOK_KEY))?.value;
    expect(book?.open.map((entry) => entry.taskId)).toEqual(['T-2']);
    w.h.clock.advance(30 * MIN);
    expect(await w.h.store.claimDue(OWED_PROPOSALS, w.h.clock.now(), MIN, 10)).toEqual([]);
  });

  it('a GitHub 5xx while proposing is retried by the queue a minute later, before any look', async () => {
    const w = await world({ strategy: 'revert' });
    await brokenByPull(w);
    w.h.github.failNext({ method: 'GET', path: PULLS_OF_COMMIT }, { status: 502 });
    await w.check();
    expect((await slot(w))?.proposal).toMatchObject({ tries: 1 });
    w.h.clock.advance(MIN - 1_000);
    expect(await w.tick()).toBe(0);
    w.h.clock.advance(1_000);
    expect(await w.tick()).toBe(1);
    expect((await slot(w))?.task).toMatchObject({ id: 'T-1', state: 'pending', strategy: 'revert' });
    expect(taskMessages(w)).toHaveLength(1);
    expect(w.h.incidentPosts()).toBe(1);
  });

  it('a look that dies after recording the regression leaves the proposal due in the queue a minute later', async () => {
    const w = await world({ strategy: 'rerun' });
    w.h.push('Add widgets', 'success');
    await w.check();
    w.h.push('Break the widget parser', 'failure');
    const before = (await w.h.doc()).value;
    // The look records the regression, then the process dies before it proposes: its record hook
    // is all that ran of the fix task stage.
    const dies: CheckDeps = { ...w.deps, originate: () => new Promise(() => {}) };
    void checkWatch(dies, w.h.target);
    await w.h.slack.waitFor(() => w.h.incidentPosts() === 1, 10_000);
    const after = (await w.h.doc()).value;
    expect(after.current?.proposal).toBeDefined();
    expect(before.current?.proposal).toBeUndefined();
    const due = async (at: number) => w.h.store.claimDue(OWED_PROPOSALS, at, MIN, 10);
    expect(await due(w.h.clock.now() + MIN - 1)).toEqual([]);
    expect(await due(w.h.clock.now() + MIN)).toEqual([
      { member: 'acme/widgets:ci.yml:main', dueAt: w.h.clock.now() + MIN },
    ]);
  });

  it('a stopping replica takes no place: it hands the proposal to another at once, not counted as a try', async () => {
    const w = await world({ strategy: 'rerun' });
    w.h.push('Add widgets', 'success');
    await w.check();
    w.h.push('Break the widget parser', 'failure');
    const stopping: CheckDeps = { ...w.deps, stopping: () => true };
    expect((await w.check(stopping)).event).toBe('regression');
    // Recorded, and nothing sent: its Slack work is owed to another replica too (drain-outbox.ts).
    expect(w.h.incidentPosts()).toBe(0);
    expect((await slot(w))?.task).toBeUndefined();
    expect((await slot(w))?.proposal).toEqual({ since: expect.any(Number), tries: 0 });
    expect((await w.h.store.get<TaskBook>(TASK_BOOK_KEY))?.value.open ?? []).toEqual([]);
    // Due now: the next replica's tick proposes it, with no clock moved, and delivers the outbox:
    // the incident, then its task in the thread.
    expect(await w.tick()).toBe(1);
    expect((await slot(w))?.task).toMatchObject({ id: 'T-1', state: 'pending' });
    expect(w.h.incidentPosts()).toBe(1);
    expect(taskMessages(w)).toHaveLength(1);
  });

  it('a task message Slack took but the store never recorded (a crash) is found in the thread, not posted twice', async () => {
    const w = await world({ strategy: 'rerun' }, { slackFollowsClock: true });
    w.h.push('Add widgets', 'success');
    await w.check();
    w.h.push('Break the widget parser', 'failure');
    const isTask = (params: SlackParams) =>
      params.thread_ts !== undefined && /Fix task/.test(String(params.text));
    const hold = w.h.slack.hold('chat.postMessage', isTask);
    const checking = w.check();
    await hold.reached;
    const during = await w.h.doc();
    hold.release();
    await checking;
    expect(taskMessages(w)).toHaveLength(1);
    // The process dies between Slack's answer and the store write: the document as it was.
    const now = await w.h.doc();
    expect(now.value.current?.taskMessage).toBeDefined();
    expect((await w.h.store.put(watchDocKey(w.h.target.watch), during.value, now.version)).ok).toBe(true);
    expect((await w.h.doc()).value.current?.taskMessage).toBeUndefined();

    w.h.clock.advance(30_000);
    await w.check();
    expect(taskMessages(w)).toHaveLength(1);
    expect(w.h.slack.callsTo('conversations.replies').length).toBeGreaterThan(0);
    const slot = (await w.h.doc()).value.current;
    expect(slot?.taskMessage?.ts).toBe(taskMessages(w)[0]?.ts);
    expect((await w.h.doc()).value.outbox).toEqual([]);
  });

  it('a proposal refused for a reason that cannot change is set aside with it, not retried', async () => {
    const w = await world({ strategy: 'revert' });
    await brokenByPull(w);
    w.h.github.failNext(
      { method: 'GET', path: PULLS_OF_COMMIT },
      { status: 403, message: 'Resource not accessible by integration' },
      10,
    );
    await w.check();
    expect(pullLookups(w)).toHaveLength(1);
    expect((await slot(w))?.proposal).toMatchObject({ setAside: expect.stringContaining('http 403') });
    await w.check();
    await w.check();
    expect(pullLookups(w)).toHaveLength(1);
    expect((await slot(w))?.task).toBeUndefined();
    expect(w.h.incidentPosts()).toBe(1);
    // The way out is shown: the thread says once that no task will be proposed, and why.
    const told = w.h
      .replies(w.h.messages()[0])
      .map((m) => visibleText(m))
      .filter((text) => text.includes('No fix task could be proposed'));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('http 403');
  });

  it('a proposal failing on every look is set aside after a few tries, not retried forever', async () => {
    const w = await world({ strategy: 'revert' });
    await brokenByPull(w);
    w.h.github.failNext({ method: 'GET', path: PULLS_OF_COMMIT }, { status: 503 }, 100);
    for (let look = 0; look < 8; look += 1) {
      await w.check();
      w.h.clock.advance(5 * MIN);
    }
    expect(pullLookups(w)).toHaveLength(5);
    expect((await slot(w))?.proposal).toMatchObject({
      tries: 5,
      setAside: expect.stringContaining('http 503'),
    });
    expect((await slot(w))?.task).toBeUndefined();
  });

  it.each(['ignore', 'queue'] as const)(
    'with originate on, an incident decided %s is not posted and gets no task',
    async (action) => {
      const rules: DecisionRule[] = [{ event: 'regression', action }];
      const w = await world({ strategy: 'rerun' }, { rules });
      w.h.push('Add widgets', 'success');
      await w.check();
      w.h.push('Break the widget parser', 'failure');
      expect((await w.check()).event).toBe('regression');
      await w.check();
      expect(w.h.incidentPosts()).toBe(0);
      expect(
        w.h.slack.callsTo('chat.postMessage').filter((c) => /Fix task/.test(String(c.params.text))),
      ).toEqual([]);
      expect((await slot(w))?.task).toBeUndefined();
      expect((await slot(w))?.incident.quiet).toBe(true);
    },
  );
});

describe('an incident opened after an automatic re-run', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function retried(options: HarnessOptions, outcome: 'failed' | 'timed-out') {
    h = await startAppHarness({ approvers: [LEAD], flakeRetry: 'all', ...options });
    const app = h;
    const deps = fixTaskDeps(app, app.deps, { approvers: [LEAD] });
    const check = () => checkWatch(deps, app.target);
    app.push('green', 'success');
    await check();
    const red = app.push('breaks', 'failure');
    await check();
    expect(app.github.rerunRequests.map((r) => r.runId)).toEqual([red.runId]);
    expect(app.incidentPosts()).toBe(0);
    if (outcome === 'failed') app.github.completeRerun(red.runId, { conclusion: 'failure' });
    app.clock.advance(outcome === 'failed' ? MIN : RETRY_WAIT_MS);
    await check();
    return { app, check };
  }

  it.each(['failed', 'timed-out'] as const)('(%s) goes through the decision rules', async (outcome) => {
    const rules: DecisionRule[] = [{ event: 'regression', action: 'ignore' }];
    const { app } = await retried({ rules }, outcome);
    const doc = (await app.doc()).value;
    expect(doc.current?.incident).toMatchObject({ quiet: true, autoRetry: outcome });
    expect(doc.current?.incident.decisions?.at(-1)).toMatchObject({ event: 'regression', action: 'ignore' });
    expect(app.incidentPosts()).toBe(0);
    expect(doc.current?.task).toBeUndefined();
  });

  it.each(['failed', 'timed-out'] as const)(
    '(%s) gets a fix task proposed like any regression',
    async (outcome) => {
      const { app } = await retried({}, outcome);
      expect(app.incidentPosts()).toBe(1);
      expect((await app.doc()).value.current?.task).toMatchObject({ id: 'T-1', state: 'pending' });
      const thread = app.replies(app.messages()[0]).map((m) => visibleText(m));
      expect(thread.filter((text) => text.includes('Fix task T-1'))).toHaveLength(1);
    },
  );
});
