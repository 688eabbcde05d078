import { afterEach, describe, expect, it } from 'vitest';
import { checkWatch } from '../../src/check-watch.js';
import type { WatchTargetSource } from '../../src/ci/run-cycle.js';
import type { WatchTarget } from '../../src/ci/watch-target.js';
import { watchKey } from '../../src/core/domain/types.js';
import { createHealth } from '../../src/core/health.js';
import {
  approveTask,
  type DecideDeps,
  dismissTask,
  type TaskClick,
} from '../../src/fix-tasks/decide-task.js';
import {
  parseTaskButtonValue,
  TASK_APPROVE_ACTION_ID,
  TASK_DISMISS_ACTION_ID,
} from '../../src/platform/slack/fix-tasks/task-view.js';
import { renderStatus } from '../../src/platform/slack/talk/status-view.js';
import { changePause } from '../../src/settings/change-pause.js';
import { describeStatus } from '../../src/talk/describe-status.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { fixTaskDeps } from '../support/fix-task-deps.js';
import { ALICE, CHANNEL, visibleText } from '../support/scenario.js';
import { findButton } from '../support/slack-payloads.js';

const LEAD = 'U0LEAD';
const OTHER_LEAD = 'U0LEAD2';
const VISITOR = 'U0VISITOR';

interface World {
  readonly h: AppHarness;
  /** The watches the use cases can find by key. */
  readonly targets: Map<string, WatchTarget>;
  check(target?: WatchTarget): ReturnType<typeof checkWatch>;
  readonly decide: DecideDeps;
  pause(): Promise<unknown>;
}

describe('fix tasks held for Approve & Start (rerun)', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function world(options: { originate?: boolean; maxPerCycle?: number; maxOpenTasks?: number } = {}) {
    h = await startAppHarness({ approvers: [LEAD, OTHER_LEAD] });
    const app = h;
    const targets = new Map<string, WatchTarget>([[watchKey(app.target.watch), app.target]]);
    const decide = fixTaskDeps(app, app.deps, {
      approvers: [LEAD, OTHER_LEAD],
      ...options,
      findTarget: async (key) => targets.get(key),
    });
    const deps = decide;
    return {
      h: app,
      targets,
      check: (target: WatchTarget = app.target) => checkWatch(deps, target),
      decide,
      pause: () =>
        changePause({ store: app.store, chat: app.deps.chat, clock: app.clock, admins: [LEAD] }, LEAD, {
          kind: 'pause',
          durationMs: 60 * 60_000,
          reason: 'deploy freeze',
        }),
    };
  }

  /** Green, then a red commit checked: the incident and (with originate on) its task. */
  async function redIncident(w: World) {
    w.h.push('Add widgets', 'success');
    await w.check();
    const red = w.h.push('Break the widget parser', 'failure');
    await w.check();
    return red;
  }

  const taskMessage = (w: World) =>
    w.h.replies(w.h.messages()[0]).find((m) => /Fix task/.test(visibleText(m)));
  const click = (w: World, userId: string): TaskClick => {
    const value = parseTaskButtonValue(findButton(taskMessage(w)?.blocks, TASK_APPROVE_ACTION_ID)?.value);
    if (value === undefined) throw new Error('the task message has no Approve & Start button');
    return { ...value, userId };
  };
  const task = async (w: World) => (await w.h.doc()).value.current?.task;

  it('a regression proposes a held task in the thread: the plan, Approve & Start and Dismiss; nothing runs', async () => {
    const w = await world();
    const red = await redIncident(w);
    const message = taskMessage(w);
    const text = visibleText(message);
    expect(text).toContain('Fix task T-1');
    expect(text).toContain(`run #${red.runId}`);
    expect(text).toContain(red.sha.slice(0, 7));
    expect(text).toMatch(/Nothing runs until an approver presses \*Approve & Start\*/);
    expect(findButton(message?.blocks, TASK_APPROVE_ACTION_ID)).toBeDefined();
    expect(findButton(message?.blocks, TASK_DISMISS_ACTION_ID)).toBeDefined();
    expect(w.h.github.rerunRequests).toEqual([]);
    expect(await task(w)).toMatchObject({ id: 'T-1', state: 'pending', version: 1 });

    // /overseer status tells the truth about it.
    const source: WatchTargetSource = {
      repo: w.h.target.watch.repo,
      workflow: w.h.target.watch.workflow,
      channel: w.h.target.channel,
      peek: () => w.h.target,
      resolve: async () => w.h.target,
      forget: () => {},
    };
    const status = await describeStatus({
      store: w.h.store,
      health: createHealth(w.h.clock.now(), false),
      clock: w.h.clock,
      settings: w.decide.settings,
      sources: () => [source],
    });
    expect(renderStatus(status)).toContain(
      'Fix task `T-1` (re-run the failed jobs): waiting for an approver',
    );
  });

  it('with originate off, or while paused, the incident is posted and no task is proposed', async () => {
    const off = await world({ originate: false });
    await redIncident(off);
    expect(off.h.messages()).toHaveLength(1);
    expect(taskMessage(off)).toBeUndefined();
    await off.h.close();

    const paused = await world();
    await paused.pause();
    await redIncident(paused);
    expect(paused.h.messages()).toHaveLength(1);
    expect(taskMessage(paused)).toBeUndefined();
    expect(await task(paused)).toBeUndefined();
  });

  it('a non-approver is refused: no GitHub write, the task stays as it was, the attempt is audited', async () => {
    const w = await world();
    await redIncident(w);
    const outcome = await approveTask(w.decide, click(w, VISITOR));
    expect(outcome).toEqual({ kind: 'not-allowed', approvers: [LEAD, OTHER_LEAD] });
    expect(w.h.github.rerunRequests).toEqual([]);
    const after = await task(w);
    expect(after).toMatchObject({ state: 'pending', version: 1 });
    expect(after?.audit.at(-1)).toMatchObject({ actor: VISITOR, action: 'approve', outcome: 'refused' });
  });

  it('two approvers clicking at once start the remedy exactly once; the loser is told it moved on', async () => {
    const w = await world();
    const red = await redIncident(w);
    const outcomes = await Promise.all([
      approveTask(w.decide, click(w, LEAD)),
      approveTask(w.decide, click(w, OTHER_LEAD)),
      approveTask(w.decide, click(w, LEAD)),
    ]);
    expect(outcomes.filter((o) => o.kind === 'started')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'moved-on')).toHaveLength(2);
    expect(w.h.github.rerunRequests).toEqual([
      expect.objectContaining({ runId: red.runId, kind: 'rerun-failed-jobs' }),
    ]);
    expect(await task(w)).toMatchObject({ state: 'running', refs: { rerunAttempt: 2 } });
    const text = visibleText(taskMessage(w));
    expect(text).toMatch(/Approved by <@U0LEAD2?>/);
    expect(findButton(taskMessage(w)?.blocks, TASK_APPROVE_ACTION_ID)).toBeUndefined();
  });

  it('the re-run turning green verifies the task and resolves the incident as flaky', async () => {
    const w = await world();
    const red = await redIncident(w);
    await approveTask(w.decide, click(w, LEAD));
    w.h.github.completeRun(red.runId, { conclusion: 'success' });
    await w.check();
    expect(await task(w)).toMatchObject({ state: 'verified' });
    expect(visibleText(taskMessage(w))).toContain('Done: CI is green');
    expect(visibleText(w.h.messages()[0])).toMatch(/flaky|re-run passed/i);
  });

  it('the re-run failing again fails the task, saying so', async () => {
    const w = await world();
    const red = await redIncident(w);
    await approveTask(w.decide, click(w, LEAD));
    w.h.github.completeRun(red.runId, { conclusion: 'failure' });
    await w.check();
    expect(await task(w)).toMatchObject({ state: 'failed' });
    expect(visibleText(taskMessage(w))).toContain('the re-run (attempt 2) failed again');
  });

  it('CI moved on to a newer red commit before the approval: no old run is re-run, the task says why', async () => {
    const w = await world();
    const red = await redIncident(w);
    // A newer commit is red too; no look has seen it yet.
    const newer = w.h.push('Touch the widget parser again', 'failure');
    expect(await approveTask(w.decide, click(w, LEAD))).toMatchObject({ kind: 'started' });
    expect(w.h.github.rerunRequests).toEqual([]);
    const failed = await task(w);
    expect(failed).toMatchObject({ state: 'failed' });
    expect(failed?.failReason).toContain(`newer red commit ${newer.sha.slice(0, 7)}`);
    expect(failed?.failReason).toContain(`run #${red.runId}`);
    expect(visibleText(taskMessage(w))).toContain(`newer red commit ${newer.sha.slice(0, 7)}`);
  });

  it('the red head re-run once already: the approval re-runs its latest attempt and follows that', async () => {
    const w = await world();
    const red = await redIncident(w);
    // Someone re-ran it by hand on GitHub; attempt 2 failed too.
    w.h.github.completeRerun(red.runId, { conclusion: 'failure' });
    expect(await approveTask(w.decide, click(w, LEAD))).toMatchObject({ kind: 'started' });
    expect(w.h.github.rerunRequests).toEqual([
      expect.objectContaining({ runId: red.runId, kind: 'rerun-failed-jobs' }),
    ]);
    expect(await task(w)).toMatchObject({ state: 'running', refs: { rerunAttempt: 3 } });
    w.h.github.completeRerun(red.runId, { conclusion: 'success' });
    await w.check();
    expect(await task(w)).toMatchObject({ state: 'verified' });
  });

  it('CI cannot be read at approval: nothing is re-run, the task says why (fail closed)', async () => {
    const w = await world();
    await redIncident(w);
    w.h.github.failNext({ method: 'GET', path: /\/actions\/workflows\/[^/]+\/runs$/ }, { status: 503 }, 5);
    expect(await approveTask(w.decide, click(w, LEAD))).toMatchObject({ kind: 'started' });
    expect(w.h.github.rerunRequests).toEqual([]);
    expect(await task(w)).toMatchObject({ state: 'failed', failReason: expect.stringContaining('http 503') });
  });

  it('CI recovering before anyone approved makes the task obsolete and removes its buttons', async () => {
    const w = await world();
    await redIncident(w);
    w.h.push('Fix the parser', 'success');
    await w.check();
    expect(await task(w)).toMatchObject({ state: 'obsolete' });
    expect(findButton(taskMessage(w)?.blocks, TASK_APPROVE_ACTION_ID)).toBeUndefined();
    expect(visibleText(taskMessage(w))).toContain('Not needed');
    // A click on the old message now is answered with where the task stands.
    const stale = { incidentId: (await task(w))?.incidentId ?? '', taskId: 'T-1', version: 1, userId: LEAD };
    expect(await approveTask(w.decide, stale)).toMatchObject({ kind: 'moved-on' });
    expect(w.h.github.rerunRequests).toEqual([]);
  });

  it('Dismiss by an approver ends the task and records who', async () => {
    const w = await world();
    await redIncident(w);
    const outcome = await dismissTask(w.decide, click(w, LEAD), 'we fix it by hand');
    expect(outcome).toMatchObject({ kind: 'dismissed' });
    expect(await task(w)).toMatchObject({ state: 'dismissed', dismissedBy: LEAD });
    expect(visibleText(taskMessage(w))).toContain('Dismissed by <@U0LEAD>');
  });

  it('a pause blocks the start, not the task or the incident', async () => {
    const w = await world();
    await redIncident(w);
    await w.pause();
    expect(await approveTask(w.decide, click(w, LEAD))).toMatchObject({ kind: 'paused' });
    expect(w.h.github.rerunRequests).toEqual([]);
    expect(await task(w)).toMatchObject({ state: 'pending' });
  });

  it('the caps hold with two repos red in the same cycle: one task opened (maxPerCycle 1)', async () => {
    const w = await world({ maxPerCycle: 1, maxOpenTasks: 3 });
    const second: WatchTarget = { ...w.h.target, watch: { ...w.h.target.watch, repo: 'acme/gadgets' } };
    w.targets.set(watchKey(second.watch), second);
    w.h.github.addRepo('acme/gadgets', { defaultBranch: 'main' });
    for (const repo of ['acme/widgets', 'acme/gadgets']) {
      const sha = w.h.github.addCommit(repo, { message: 'green', author: ALICE });
      w.h.github.addRun(repo, { headSha: sha, conclusion: 'success' });
    }
    await Promise.all([w.check(), w.check(second)]);
    for (const repo of ['acme/widgets', 'acme/gadgets']) {
      const sha = w.h.github.addCommit(repo, { message: 'break', author: ALICE });
      w.h.github.addRun(repo, {
        headSha: sha,
        conclusion: 'failure',
        jobs: [{ name: 'unit', conclusion: 'failure', steps: [{ name: 'test', conclusion: 'failure' }] }],
      });
    }
    await Promise.all([w.check(), w.check(second)]);
    const tasks = w.h.slack
      .callsTo('chat.postMessage')
      .filter((call) => call.ok && String(call.params.text).startsWith('Fix task'));
    expect(w.h.slack.messages(CHANNEL)).toHaveLength(2);
    expect(tasks).toHaveLength(1);
  });
});
