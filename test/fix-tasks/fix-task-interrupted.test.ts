import { afterEach, describe, expect, it } from 'vitest';
import { checkWatch } from '../../src/check-watch.js';
import { findSlot, type WatchDoc, watchDocKey, withSlot } from '../../src/ci/watch-doc.js';
import { approveTask, type DecideDeps, type TaskClick } from '../../src/fix-tasks/decide-task.js';
import { transition } from '../../src/fix-tasks/domain/fix-task-transition.js';
import { remedyStartLease } from '../../src/fix-tasks/remedy-start-lease.js';
import {
  parseTaskButtonValue,
  TASK_APPROVE_ACTION_ID,
} from '../../src/platform/slack/fix-tasks/task-view.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { fixTaskDeps } from '../support/fix-task-deps.js';
import { REPO, visibleText } from '../support/scenario.js';
import { findButton } from '../support/slack-payloads.js';

const LEAD = 'U0LEAD';

describe('a fix task whose start was cut off (the approving process died)', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function approvedThenKilled() {
    const app = await startAppHarness({ approvers: [LEAD] });
    h = app;
    const decide: DecideDeps = fixTaskDeps(app, app.deps, {
      approvers: [LEAD],
      findTarget: async () => app.target,
    });
    const check = () => checkWatch(decide, app.target);
    app.push('Add widgets', 'success');
    await check();
    const red = app.push('Break the widget parser', 'failure');
    await check();
    // What the approving process recorded before it died: the approval, and nothing after it.
    const stored = await app.doc();
    const slot = stored.value.current;
    if (slot?.task === undefined) throw new Error('expected a held task');
    const moved = transition(slot.task, { type: 'approve', by: LEAD }, app.clock.now());
    if (!moved.ok) throw new Error(moved.reason);
    const approved: WatchDoc = withSlot(stored.value, slot.incident.id, { ...slot, task: moved.task });
    expect((await app.store.put(watchDocKey(app.target.watch), approved, stored.version)).ok).toBe(true);
    return { app, decide, check, red };
  }

  const taskMessage = (app: AppHarness) =>
    app.replies(app.messages()[0]).find((m) => /Fix task/.test(visibleText(m)));
  const clickOf = (app: AppHarness): TaskClick => {
    const value = parseTaskButtonValue(findButton(taskMessage(app)?.blocks, TASK_APPROVE_ACTION_ID)?.value);
    if (value === undefined) throw new Error('the task message has no Approve & Start button');
    return { ...value, userId: LEAD };
  };
  const stateOf = async (app: AppHarness) => (await app.doc()).value.current?.task?.state;

  it('never reached GitHub: the next check offers Approve & Start again, and the second approval re-runs once', async () => {
    const { app, decide, check } = await approvedThenKilled();
    await check();
    expect(await stateOf(app)).toBe('pending');
    expect(app.github.rerunRequests).toEqual([]);
    expect(findButton(taskMessage(app)?.blocks, TASK_APPROVE_ACTION_ID)).toBeDefined();

    const outcome = await approveTask(decide, clickOf(app));
    expect(outcome.kind).toBe('started');
    expect(app.github.rerunRequests).toHaveLength(1);
    expect(await stateOf(app)).toBe('running');
  });

  it('reached GitHub (the run is at attempt 2): recorded as started, never re-run again', async () => {
    const { app, check, red } = await approvedThenKilled();
    await app.deps.ci.rerunFailedJobs(REPO, red.runId);
    await check();
    const task = (await app.doc()).value.current?.task;
    expect(task?.state).toBe('running');
    expect(task?.refs.rerunAttempt).toBe(2);
    await check();
    expect(app.github.rerunRequests).toHaveLength(1);
  });

  it('while its starter still holds the start lease, nothing is touched', async () => {
    const { app, check } = await approvedThenKilled();
    const task = (await app.doc()).value.current?.task;
    expect(await app.store.setIfAbsent(remedyStartLease(task?.id ?? ''), 'alive', 60_000)).toBe(true);
    await check();
    expect(await stateOf(app)).toBe('starting');
    expect(findSlot((await app.doc()).value, task?.incidentId ?? '')?.task?.version).toBe(task?.version);
  });
});
