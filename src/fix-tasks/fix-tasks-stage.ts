import type { CheckMove, CheckStage, WatchDoc, WatchTarget } from '../ci/index.js';
import { watchKey } from '../core/domain/types.js';
import type { FixForge } from '../core/ports.js';
import type { DrainResult } from '../incidents/domain/drain-result.js';
import { type FollowFixDeps, followedTasks, followFixes } from './follow-fix.js';
import { followTask } from './follow-task.js';
import type { OriginateOutcome } from './originate-task.js';
import { releaseFinishedTasks } from './owed-proposals.js';
import { oweProposalAt } from './proposal-queue.js';
import { type ProposeDeps, proposeOwedTask } from './propose-owed-task.js';
import { resumeInterruptedStarts } from './resume-interrupted-start.js';
import { oweTaskProposal } from './task-proposal.js';

/** How long after a proposal became owed the queue looks at it, should the look not propose it. */
const PROPOSAL_BACKSTOP_MS = 60_000;

export interface FixTasksStageDeps
  extends Omit<FollowFixDeps, 'forge' | 'approvers'>,
    Pick<ProposeDeps, 'stopping'> {
  /**
   * Proposes a fix task for an incident people are told about (the second opt-in); absent, none is
   * proposed. Owed in the watch document first, so a failure or a crash is retried on the next look.
   */
  readonly originate?: (target: WatchTarget, incidentId: string) => Promise<OriginateOutcome>;
  /** GitHub as fix tasks use it; absent, fixes with a pull request are not followed. */
  readonly forge?: FixForge;
  /** Who is @-mentioned when a fix task needs people. */
  readonly approvers?: readonly string[];
  /** Delivers the watch's outbox again once a proposal is recorded. */
  readonly deliver: (target: WatchTarget) => Promise<DrainResult>;
}

/** Proposes the fix task the watch document owes its current incident, if any (task-proposal.ts). */
async function proposeTask(deps: FixTasksStageDeps, target: WatchTarget, doc: WatchDoc): Promise<boolean> {
  const { originate } = deps;
  if (originate === undefined || doc.current?.proposal === undefined) return false;
  return proposeOwedTask({ ...deps, originate }, target, doc).catch((error: unknown) => {
    deps.log.warn({ err: error }, 'Owed fix task proposal could not be settled; the next check tries again');
    return false;
  });
}

/**
 * A proposal this write made owed is also due in the owed-proposal queue a while later: the look
 * proposes it after delivering, and should the process die before that, whichever replica claims
 * it then does, instead of the watch's next look (up to the 15-minute polling floor).
 */
async function oweNewProposal(deps: FixTasksStageDeps, target: WatchTarget, move: CheckMove): Promise<void> {
  const owed = move.doc.current;
  if (owed?.proposal === undefined || move.previous === undefined) return;
  const before = move.previous.current;
  if (before?.incident.id === owed.incident.id && before.proposal !== undefined) return;
  await oweProposalAt(deps, watchKey(target.watch), deps.clock.now() + PROPOSAL_BACKSTOP_MS);
}

/**
 * Fix tasks in a check: deciding, the tasks follow the episode and a proposal is owed; once
 * recorded, fixes with a pull request are followed on GitHub; after the alert is delivered (a
 * proposal never holds it back), the owed task is proposed and the places of finished tasks freed.
 */
export function fixTasksStage(deps: FixTasksStageDeps): CheckStage {
  return {
    name: 'fix-tasks',
    decide: (target, before, next, event, now) => {
      const followed = followTask(next ?? before, event, now, deps.approvers, target.rules) ?? next;
      return followed !== undefined && deps.originate !== undefined
        ? oweTaskProposal(before, followed, now)
        : followed;
    },
    onRecord: async (target, move) => {
      if (deps.originate !== undefined) await oweNewProposal(deps, target, move);
      await resumeInterruptedStarts(deps, target, move.doc).catch((error: unknown) =>
        deps.log.warn(
          { err: error },
          'Interrupted fix task starts not looked at; the next check tries again',
        ),
      );
      if (deps.forge === undefined || followedTasks(move.doc).length === 0) return;
      await followFixes({ ...deps, forge: deps.forge, approvers: deps.approvers ?? [] }, target, move.doc);
    },
    afterDeliver: async (target, move, delivery) => {
      let total = delivery;
      if (await proposeTask(deps, target, move.doc)) {
        const more = await deps.deliver(target);
        total = {
          ...more,
          delivered: delivery.delivered + more.delivered,
          failed: delivery.failed || more.failed,
        };
      }
      await releaseFinishedTasks(deps, target).catch((error: unknown) =>
        deps.log.warn({ err: error }, 'Fix task places could not be released; the next check tries again'),
      );
      return total;
    },
  };
}
