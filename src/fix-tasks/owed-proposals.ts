import {
  EMPTY_WATCH_DOC,
  type FindTarget,
  type WatchDoc,
  type WatchTarget,
  watchDocKey,
} from '../ci/index.js';
import { watchKey } from '../core/domain/types.js';
import type { Clock, Store } from '../core/ports.js';
import { workClaimed } from '../core/work-claimed.js';
import { type DrainDeps, drainOutbox } from '../incidents/index.js';
import { openTaskIds } from './follow-task.js';
import { OWED_PROPOSALS, settledProposal } from './proposal-queue.js';
import { type ProposeDeps, proposeOwedTask } from './propose-owed-task.js';
import { releaseTasks } from './task-book.js';

/** How long a tick's claim holds a watch: a replica that dies with it lets it come due again after. */
const CLAIM_MS = 60_000;

/** Frees the caps' places of this watch's tasks that have finished, from a fresh read. */
export async function releaseFinishedTasks(
  deps: { readonly store: Store; readonly clock: Clock },
  target: WatchTarget,
): Promise<void> {
  const openIds = async () =>
    openTaskIds((await deps.store.get<WatchDoc>(watchDocKey(target.watch)))?.value ?? EMPTY_WATCH_DOC);
  await releaseTasks(deps.store, watchKey(target.watch), openIds, deps.clock.now());
}

export type OwedProposalDeps = ProposeDeps & DrainDeps & { readonly findTarget: FindTarget };

/**
 * One tick of owed fix task proposals: claims the watches whose proposal came due (a look failed
 * to propose it, another replica's place was still held, a stopping replica handed it on, or the
 * look that owed it never got that far) and proposes each, on whichever replica claims it. A
 * place a crashed replica took is freed first once its grace is over. The proposal then reschedules
 * or settles itself (propose-owed-task.ts); a task opened is delivered at once. Answers how many
 * tasks were opened.
 */
export function proposeOwed(deps: OwedProposalDeps): Promise<number> {
  const queue = {
    name: OWED_PROPOSALS,
    leaseMs: CLAIM_MS,
    limit: 10,
    failed: 'Owed fix task proposal failed; retried after its claim',
  };
  return workClaimed(deps, queue, 'watch', async (member) => {
    const target = await deps.findTarget(member);
    if (target === undefined) {
      await settledProposal(deps, member);
      return 0;
    }
    await releaseFinishedTasks(deps, target);
    const doc = (await deps.store.get<WatchDoc>(watchDocKey(target.watch)))?.value;
    const owed = doc?.current?.proposal;
    if (doc === undefined || owed === undefined || owed.setAside !== undefined) {
      await settledProposal(deps, member);
      return 0;
    }
    if (!(await proposeOwedTask(deps, target, doc))) return 0;
    await drainOutbox(deps, target);
    return 1;
  });
}
