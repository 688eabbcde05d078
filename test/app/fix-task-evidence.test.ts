import { afterEach, describe, expect, it } from 'vitest';
import { TASK_APPROVE_ACTION_ID } from '../../src/adapters/slack/task-view.js';
import { approveTask } from '../../src/app/decide-task.js';
import { BRANCH, WORKFLOW } from '../support/app-harness.js';
import { type FixPrWorld, LEAD, REPO, startFixPrWorld } from '../support/fix-pr-world.js';
import { visibleText } from '../support/scenario.js';

describe('fix tasks act only on decisive evidence (issue 15)', () => {
  let w: FixPrWorld | undefined;
  afterEach(async () => {
    await w?.h.close();
    w = undefined;
  });

  it('a cancelled run at the merge commit neither reverts nor verifies; a newer green commit verifies', async () => {
    w = await startFixPrWorld({ strategy: 'revert' });
    await w.brokenByPull();
    const mergeSha = await w.revertMerged();
    w.h.github.addRun(REPO, {
      workflow: WORKFLOW,
      branch: BRANCH,
      headSha: mergeSha,
      conclusion: 'cancelled',
    });
    await w.check();
    expect((await w.task())?.state).toBe('merged');
    expect(w.h.github.graphqlRequests).toHaveLength(1);

    w.h.push('Tidy the widget docs', 'success');
    await w.check();
    expect((await w.task())?.state).toBe('verified');
    expect(w.h.github.graphqlRequests).toHaveLength(1);
    expect(w.h.replies(w.h.messages()[0]).some((m) => /red at the merge/.test(visibleText(m)))).toBe(false);
  });

  it('an all-skipped run at the merge commit never verifies the fix', async () => {
    w = await startFixPrWorld({ strategy: 'revert' });
    await w.brokenByPull();
    const mergeSha = await w.revertMerged();
    w.h.github.addRun(REPO, { workflow: WORKFLOW, branch: BRANCH, headSha: mergeSha, conclusion: 'skipped' });
    await w.check();
    expect((await w.task())?.state).toBe('merged');
  });

  it('a cancelled check on the fix pull request never passes it, nor fails it', async () => {
    w = await startFixPrWorld({ strategy: 'revert' });
    await w.brokenByPull();
    await approveTask(w.decide, w.click(TASK_APPROVE_ACTION_ID, LEAD));
    const revert = w.h.github.pulls(REPO).find((p) => p.title.startsWith('Revert'));
    w.pullRun(revert?.head ?? '', 'cancelled');
    await w.check();
    expect((await w.task())?.state).toBe('pr_open');
    w.pullRun(revert?.head ?? '', 'success');
    await w.check();
    expect((await w.task())?.state).toBe('awaiting_merge_approval');
  });
});
