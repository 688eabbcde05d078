import { createClient } from '@keyv/redis';
import { afterEach, describe, expect, it } from 'vitest';
import { type CheckDeps, checkWatch } from '../../src/check-watch.js';
import { approveTask, type DecideDeps } from '../../src/fix-tasks/decide-task.js';
import {
  parseTaskButtonValue,
  TASK_APPROVE_ACTION_ID,
} from '../../src/platform/slack/fix-tasks/task-view.js';
import { type AppHarness, type HarnessDeps, type Replica, startAppHarness } from '../support/app-harness.js';
import { fixTaskDeps } from '../support/fix-task-deps.js';
import { visibleText } from '../support/scenario.js';
import { findButton } from '../support/slack-payloads.js';

const redisUrl = process.env.REDIS_URL;
/** A database of its own, so other suites sharing this Redis do not see these keys. */
const DB = 12;
const APPROVERS = ['U0LEAD', 'U0LEAD2', 'U0LEAD3'];

describe.skipIf(!redisUrl)('Approve & Start on three replicas sharing one Redis', () => {
  const url = `${redisUrl?.replace(/\/\d*$/, '')}/${DB}`;
  let h: AppHarness | undefined;
  const replicas: Replica[] = [];
  afterEach(async () => {
    for (const replica of replicas.splice(0)) await replica.close();
    await h?.close();
  });

  function decideOn(app: AppHarness, deps: HarnessDeps): DecideDeps & CheckDeps {
    return fixTaskDeps(app, deps, { approvers: APPROVERS });
  }

  it('approvers clicking on different replicas at once make exactly one re-run', async () => {
    const client = createClient({ url });
    await client.connect();
    await client.flushDb();
    await client.quit();
    h = await startAppHarness({ redisUrl: url, approvers: APPROVERS });
    const app = h;
    for (let i = 0; i < 2; i += 1) replicas.push(await app.replica());
    const all = [decideOn(app, app.deps), ...replicas.map((replica) => decideOn(app, replica.deps))];

    app.push('Add widgets', 'success');
    const [first] = all;
    if (first === undefined) throw new Error('no replica');
    await checkWatch(first, app.target);
    const red = app.push('Break the widget parser', 'failure');
    // Every replica sees the red at once: one incident, one task.
    await Promise.all(all.map((deps) => checkWatch(deps, app.target)));
    const task = app.replies(app.messages()[0]).find((m) => /Fix task/.test(visibleText(m)));
    const value = parseTaskButtonValue(findButton(task?.blocks, TASK_APPROVE_ACTION_ID)?.value);
    if (value === undefined) throw new Error('no Approve & Start button');
    expect(app.messages()).toHaveLength(1);

    const outcomes = await Promise.all(
      all.flatMap((deps, i) => [
        approveTask(deps, { ...value, userId: APPROVERS[i] ?? 'U0LEAD' }),
        approveTask(deps, { ...value, userId: APPROVERS[i] ?? 'U0LEAD' }),
      ]),
    );
    expect(outcomes.filter((outcome) => outcome.kind === 'started')).toHaveLength(1);
    expect(app.github.rerunRequests).toEqual([expect.objectContaining({ runId: red.runId })]);
    const fixTasks = app.slack
      .callsTo('chat.postMessage')
      .filter((call) => call.ok && String(call.params.text).startsWith('Fix task'));
    expect(fixTasks).toHaveLength(1);
  }, 30_000);
});
