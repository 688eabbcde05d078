import { describe, expect, it } from 'vitest';
import { fixTaskClicks, revertEnv } from '../support/fix-task-e2e.js';
import { CHANNEL, perTestWorld, visibleText } from '../support/scenario.js';
import { findButton } from '../support/slack-payloads.js';

const LEAD = 'U0LEAD';
const LEAD2 = 'U0LEAD2';
const VISITOR = 'U0VISITOR';
const MERGE = 'overseer_task_merge';
const REPO = 'acme/widgets';

describe('a revert fix task, end to end against the built bot', () => {
  const t = perTestWorld();
  const { click, taskMessage, revertProposed, revertGreen } = fixTaskClicks(t);

  it('proposes the revert, opens it on approval, asks for Approve merge, merges once, and verifies on green', async () => {
    const { github } = t.world;
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(revertEnv(t, { OVERSEER_APPROVERS: `${LEAD},${LEAD2}` }));
    await github.waitFor((g) => g.requests.some((r) => r.path.endsWith('/runs') && r.status === 200));

    const { proposed } = await revertProposed();
    expect(github.graphqlRequests).toEqual([]);

    const { revert, asking } = await revertGreen(bot, proposed, LEAD);
    expect(github.merges).toEqual([]);

    await click(bot, asking, MERGE, 'Approve merge', VISITOR);
    const refused = await t.world.slack.waitFor(
      (slack) => slack.ephemerals(CHANNEL).find((e) => e.user === VISITOR),
      5_000,
    );
    expect(String(refused.text)).toContain('Only the approvers may do this');
    expect(github.merges).toEqual([]);

    await Promise.all([
      click(bot, asking, MERGE, 'Approve merge', LEAD),
      click(bot, asking, MERGE, 'Approve merge', LEAD2),
    ]);
    await github.waitFor((g) => g.merges.length > 0, 8_000);
    expect(github.merges[0]).toMatchObject({ number: revert.number, mergeMethod: 'squash' });

    const mergeSha = github.branchHead(REPO, 'main') ?? '';
    github.addRun(REPO, { workflow: 'ci.yml', branch: 'main', headSha: mergeSha, conclusion: 'success' });
    const done = await taskMessage(/Done: CI is green/);
    // Both clicks were in long before CI after the merge was read: one merge, not two.
    expect(github.merges).toHaveLength(1);
    expect(visibleText(done)).toMatch(/Merged as `[0-9a-f]{7}` on approval by <@U0LEAD2?>/);
    expect(findButton(done.blocks, MERGE)).toBeUndefined();
    expect(t.world.slack.messages(CHANNEL)).toHaveLength(1);
  }, 60_000);
});
