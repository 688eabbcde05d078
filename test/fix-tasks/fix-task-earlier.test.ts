import { afterEach, describe, expect, it } from 'vitest';
import { checkWatch } from '../../src/check-watch.js';
import type { IncidentSlot } from '../../src/ci/watch-doc.js';
import { approveTask, type DecideDeps, type TaskClick } from '../../src/fix-tasks/decide-task.js';
import type { FixSettings } from '../../src/fix-tasks/fix-remedy.js';
import { TASK_BOOK_KEY, type TaskBook } from '../../src/fix-tasks/task-book.js';
import {
  parseTaskButtonValue,
  TASK_APPROVE_ACTION_ID,
} from '../../src/platform/slack/fix-tasks/task-view.js';
import type { AppHarness } from '../support/app-harness.js';
import { startAppHarness } from '../support/app-harness.js';
import { fixTaskDeps } from '../support/fix-task-deps.js';
import { visibleText } from '../support/scenario.js';
import { findButton } from '../support/slack-payloads.js';

const LEAD = 'U0LEAD';
const MIN = 60_000;

interface World {
  readonly h: AppHarness;
  readonly decide: DecideDeps;
  check(): ReturnType<typeof checkWatch>;
}

describe('fix tasks of earlier incidents, and of a watch green by itself', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function world(fix: FixSettings, maxOpenTasks = 3): Promise<World> {
    h = await startAppHarness({ approvers: [LEAD] });
    const app = h;
    const decide = fixTaskDeps(app, app.deps, { approvers: [LEAD], fix, maxOpenTasks });
    return { h: app, decide, check: () => checkWatch(decide, app.target) };
  }

  const taskMessage = (w: World, root = 0) =>
    w.h.replies(w.h.messages()[root]).find((m) => /Fix task/.test(visibleText(m)));
  const approveClick = (w: World): TaskClick => {
    const value = parseTaskButtonValue(findButton(taskMessage(w)?.blocks, TASK_APPROVE_ACTION_ID)?.value);
    if (value === undefined) throw new Error('the task message has no Approve & Start button');
    return { ...value, userId: LEAD };
  };
  const slots = async (w: World): Promise<IncidentSlot[]> => {
    const doc = (await w.h.doc()).value;
    return [...(doc.current ? [doc.current] : []), ...(doc.earlier ?? [])];
  };
  const taskOf = async (w: World, id: string) => (await slots(w)).find((s) => s.task?.id === id)?.task;
  const booked = async (w: World) =>
    ((await w.h.store.get<TaskBook>(TASK_BOOK_KEY))?.value.open ?? []).map((entry) => entry.taskId);

  it("an earlier incident's started task still times out: failed with its reason, its place freed", async () => {
    const w = await world({ strategy: 'dispatch', workflow: 'overseer-fix.yml' });
    w.h.github.addWorkflow('acme/widgets', 'overseer-fix.yml', 'Overseer fix');
    w.h.push('Add widgets', 'success');
    await w.check();
    w.h.push('Break the widget parser', 'failure');
    await w.check();
    expect(await approveTask(w.decide, approveClick(w))).toMatchObject({ kind: 'started' });
    expect(await taskOf(w, 'T-1')).toMatchObject({ state: 'running' });

    // CI recovers (the fix may be on its way in a pull request), then breaks again: a new incident.
    w.h.clock.advance(10 * MIN);
    w.h.push('Fix the parser', 'success');
    await w.check();
    w.h.clock.advance(10 * MIN);
    w.h.push('Break the widget cache', 'failure');
    expect((await w.check()).event).toBe('regression');
    const doc = (await w.h.doc()).value;
    expect(doc.earlier?.[0]?.task).toMatchObject({ id: 'T-1', state: 'running' });

    // No pull request ever appears: past its progress window, the earlier task fails.
    w.h.clock.advance(45 * MIN);
    await w.check();
    expect(await taskOf(w, 'T-1')).toMatchObject({
      state: 'failed',
      failReason: 'no pull request appeared within 60 min',
    });
    expect(visibleText(taskMessage(w))).toContain('no pull request appeared within 60 min');
    expect(await booked(w)).not.toContain('T-1');
  });

  it('a re-run approved as CI went green by itself closes as obsolete, says so, and frees its place', async () => {
    const w = await world({ strategy: 'rerun' }, 1);
    w.h.push('Add widgets', 'success');
    await w.check();
    w.h.push('Break the widget parser', 'failure');
    await w.check();
    // Another look (a webhook, another replica) sees CI green while the approval is being started.
    const racing: DecideDeps = {
      ...w.decide,
      ci: {
        ...w.decide.ci,
        rerunFailedJobs: async (repo, runId) => {
          w.h.push('Fix the parser', 'success');
          await w.check();
          return w.decide.ci.rerunFailedJobs(repo, runId);
        },
      },
    };
    expect(await approveTask(racing, approveClick(w))).toMatchObject({ kind: 'started' });
    expect((await w.h.doc()).value.current?.incident.status).toBe('recovered');

    w.h.clock.advance(5 * MIN);
    await w.check();
    expect(await taskOf(w, 'T-1')).toMatchObject({ state: 'obsolete' });
    expect(visibleText(taskMessage(w))).toContain('Not needed: CI went green by itself');
    expect(await booked(w)).toEqual([]);

    // Its place is free: the next red gets a task at once (maxOpenTasks 1).
    w.h.push('Break the widget cache', 'failure');
    await w.check();
    expect((await w.h.doc()).value.current?.task).toMatchObject({ id: 'T-2', state: 'pending' });
  });
});
