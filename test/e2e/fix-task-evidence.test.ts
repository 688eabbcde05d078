import { describe, expect, it } from 'vitest';
import { fixTaskClicks, revertEnv } from '../support/fix-task-e2e.js';
import { CHANNEL, fixTaskReply, perTestWorld, visibleText } from '../support/scenario.js';
import { findButton } from '../support/slack-payloads.js';

const LEAD = 'U0LEAD';
const MERGE = 'overseer_task_merge';
const REPO = 'acme/widgets';

describe('a fix task acts only on decisive evidence, end to end against the built bot (issue 15)', () => {
  const t = perTestWorld();
  const { click, taskMessage, revertAskingForMerge } = fixTaskClicks(t);

  it('a cancelled run at the merge commit is no signal: the next green commit verifies the fix, and nothing is reverted', async () => {
    const { github } = t.world;
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(revertEnv(t, { OVERSEER_APPROVERS: LEAD }));
    await github.waitFor((g) => g.requests.some((r) => r.path.endsWith('/runs') && r.status === 200));

    const { asking } = await revertAskingForMerge(bot, LEAD);
    await click(bot, asking, MERGE, 'Approve merge', LEAD);
    await github.waitFor((g) => g.merges.length > 0, 8_000);
    const mergeSha = github.branchHead(REPO, 'main') ?? '';

    // The run at the merge commit is cancelled (a newer push, a person): no signal, no revert.
    github.addRun(REPO, { workflow: 'ci.yml', branch: 'main', headSha: mergeSha, conclusion: 'cancelled' });
    const looksAtMerge = () =>
      github.requests.filter((r) => r.query.head_sha === mergeSha && r.status < 400).length;
    const seen = looksAtMerge();
    await github.waitFor(() => looksAtMerge() >= seen + 2 || github.graphqlRequests.length > 1, 10_000);
    expect(github.graphqlRequests).toHaveLength(1);
    expect(visibleText(fixTaskReply(t.world.slack))).not.toMatch(/Done: CI is green/);

    // The next commit on the branch is green: the fix is verified, and still nothing is reverted.
    t.world.push('Tidy the widget docs', 'success');
    const done = await taskMessage(/Done: CI is green/);
    expect(findButton(done.blocks, MERGE)).toBeUndefined();
    expect(github.graphqlRequests).toHaveLength(1);
    expect(github.pulls(REPO).filter((p) => p.title.startsWith('Revert "Revert'))).toEqual([]);
    expect(
      t.world.slack
        .thread(CHANNEL, t.world.slack.messages(CHANNEL)[0]?.ts ?? '')
        .some((m) => /red at the merge/.test(visibleText(m))),
    ).toBe(false);
  }, 60_000);
});
