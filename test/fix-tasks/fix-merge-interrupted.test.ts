import { afterEach, describe, expect, it } from 'vitest';
import type { FixForge } from '../../src/core/ports.js';
import { approveMerge, type DecideDeps } from '../../src/fix-tasks/decide-task.js';
import { TASK_MERGE_ACTION_ID } from '../../src/platform/slack/fix-tasks/task-view.js';
import { type FixPrWorld, LEAD, OTHER_LEAD, startFixPrWorld } from '../support/fix-pr-world.js';

/** A promise that never settles: the process asking GitHub is gone, or still waiting. */
const never = <T>() => new Promise<T>(() => undefined);

describe('an Approve merge whose process died before recording it (issue 18)', () => {
  let w: FixPrWorld | undefined;
  afterEach(async () => {
    await w?.h.close();
    w = undefined;
  });

  /**
   * The task awaits Approve merge, and a first click gets as far as asking GitHub to merge; its
   * answer never comes back (`merged`: GitHub did merge before the process stopped). Answers once
   * the click is at GitHub, holding whatever it claimed.
   */
  async function clickStuckAtMerge(world: FixPrWorld, merged: boolean): Promise<void> {
    await world.brokenByPull();
    await world.askingForMerge();
    const forge = world.decide.forge;
    let atGitHub: () => void = () => undefined;
    const reached = new Promise<void>((resolve) => {
      atGitHub = resolve;
    });
    const stuck: DecideDeps = {
      ...world.decide,
      forge: {
        ...forge,
        merge: async (...args: Parameters<FixForge['merge']>) => {
          if (merged) await forge.merge(...args);
          atGitHub();
          return never();
        },
      },
    };
    void approveMerge(stuck, world.click(TASK_MERGE_ACTION_ID, LEAD));
    await reached;
  }

  it('killed before GitHub merged: after the restart, the next Approve merge merges once and says who', async () => {
    w = await startFixPrWorld({ strategy: 'revert' });
    await clickStuckAtMerge(w, false);
    await w.h.restart();

    const outcome = await approveMerge(w.decide, w.click(TASK_MERGE_ACTION_ID, OTHER_LEAD));
    expect(outcome.kind === 'moved-on' ? outcome.reason : outcome.kind).toBe('merged');
    expect(w.h.github.merges).toHaveLength(1);
    expect(await w.task()).toMatchObject({ state: 'merged', mergeApprovedBy: OTHER_LEAD });
  });

  it('killed after GitHub merged: after the restart, the next click is told so and nothing merges twice', async () => {
    w = await startFixPrWorld({ strategy: 'revert' });
    await clickStuckAtMerge(w, true);
    await w.h.restart();

    const outcome = await approveMerge(w.decide, w.click(TASK_MERGE_ACTION_ID, OTHER_LEAD));
    expect(outcome.kind).toBe('moved-on');
    expect(outcome.kind === 'moved-on' && outcome.reason).toMatch(/was already merged on GitHub/);
    expect(w.h.github.merges).toHaveLength(1);
    expect((await w.task())?.state).toBe('merged');
  });

  it('while the first click is still at GitHub (alive), a second is refused, saying who and what to do', async () => {
    w = await startFixPrWorld({ strategy: 'revert' });
    await clickStuckAtMerge(w, false);

    const outcome = await approveMerge(w.decide, w.click(TASK_MERGE_ACTION_ID, OTHER_LEAD));
    expect(outcome.kind).toBe('moved-on');
    const reason = outcome.kind === 'moved-on' ? outcome.reason : '';
    expect(reason).toContain(`being merged by <@${LEAD}>`);
    expect(reason).toContain('press Approve merge again');
    expect(w.h.github.merges).toHaveLength(0);
    expect((await w.task())?.state).toBe('awaiting_merge_approval');
  });
});
