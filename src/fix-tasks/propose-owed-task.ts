import type { WatchTarget } from '../ci/index.js';
import { EMPTY_WATCH_DOC, enqueue, type IncidentSlot, type WatchDoc, watchDocKey } from '../ci/index.js';
import { classifyFailure } from '../core/classify-failure.js';
import { watchKey } from '../core/domain/types.js';
import type { Clock, Log, Store } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import type { OriginateOutcome } from './originate-task.js';
import { oweProposalAt, retryDelayMs, settledProposal } from './proposal-queue.js';
import type { TaskProposal } from './task-proposal.js';

/**
 * Failed attempts after which an owed proposal is set aside: the owed-proposal queue tries again
 * after 1, 2, 4 and 8 minutes (proposal-queue.ts), and every look of the watch tries too.
 */
export const MAX_PROPOSAL_TRIES = 5;

/** GitHub answers that asking again cannot change: the token, the repo or the request is wrong. */
const LASTING = new Set(['http 400', 'http 401', 'http 403', 'http 404', 'http 410', 'http 422']);

export interface ProposeDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Log;
  readonly originate: (target: WatchTarget, incidentId: string) => Promise<OriginateOutcome>;
  /** True once the process is stopping (with replicas): the proposal is handed to another at once. */
  readonly stopping?: () => boolean;
}

/** A 403 or 429 that is GitHub's rate limit: it passes, so it is worth asking again. */
function rateLimited(error: unknown): boolean {
  const headers = (error as { response?: { headers?: Record<string, unknown> } } | undefined)?.response
    ?.headers;
  return headers?.['x-ratelimit-remaining'] === '0' || headers?.['retry-after'] !== undefined;
}

/** The proposal after a failed attempt: tried again later, or set aside when it cannot succeed. */
function afterFailure(proposal: TaskProposal, cause: string, lasting: boolean): TaskProposal {
  if (proposal.setAside !== undefined) return proposal;
  const tries = proposal.tries + 1;
  const failed = { ...proposal, tries, lastError: cause };
  if (lasting) return { ...failed, setAside: `GitHub refused it (${cause})` };
  if (tries >= MAX_PROPOSAL_TRIES)
    return { ...failed, setAside: `it failed ${tries} times (last: ${cause})` };
  return failed;
}

/** Writes the owed proposal of `incidentId` as `next` decides, if it is still the one owed. */
async function settle(
  deps: ProposeDeps,
  target: WatchTarget,
  incidentId: string,
  next: (proposal: TaskProposal) => TaskProposal | undefined,
): Promise<void> {
  await updateDoc(deps.store, watchDocKey(target.watch), EMPTY_WATCH_DOC, (doc: WatchDoc) => {
    const slot = doc.current;
    if (slot?.incident.id !== incidentId || slot.proposal === undefined) return undefined;
    const { proposal: _owed, ...rest } = slot;
    const proposal = next(slot.proposal);
    const settled: IncidentSlot = proposal === undefined ? rest : { ...rest, proposal };
    const updated = { ...doc, current: settled };
    // Given up just now: people are told in the thread, once (a queue's way out is shown).
    const givenUp = slot.proposal.setAside === undefined ? proposal?.setAside : undefined;
    if (givenUp === undefined) return updated;
    return enqueue(updated, incidentId, [
      { kind: 'note', note: { type: 'proposal-set-aside', reason: givenUp } },
    ]);
  });
}

/**
 * The delivery step of an owed fix task proposal (recorded by oweTaskProposal with the incident):
 * proposes it, after the incident itself was delivered. Opened or declined (originate off, paused,
 * caps full), it is owed no more; a failure leaves it owed, due again in the owed-proposal queue
 * (proposal-queue.ts) for whichever replica claims it, or sets it aside with its reason when it
 * cannot succeed. True when a task was opened (its message is owed now).
 */
export async function proposeOwedTask(
  deps: ProposeDeps,
  target: WatchTarget,
  doc: WatchDoc,
): Promise<boolean> {
  const slot = doc.current;
  const owed = slot?.proposal;
  if (slot === undefined || owed === undefined || owed.setAside !== undefined) return false;
  const incidentId = slot.incident.id;
  const watch = watchKey(target.watch);
  // Stopping: another replica proposes it now; this one may be gone before the task is recorded.
  if (deps.stopping?.()) {
    await oweProposalAt(deps, watch, deps.clock.now());
    return false;
  }
  let outcome: OriginateOutcome;
  try {
    outcome = await deps.originate(target, incidentId);
  } catch (error) {
    const { cause } = classifyFailure(error);
    const lasting = LASTING.has(cause) && !rateLimited(error);
    const next = afterFailure(owed, cause, lasting);
    const fields = { err: error, incident: incidentId, cause, tries: next.tries };
    if (next.setAside === undefined) {
      deps.log.warn(fields, 'Fix task could not be proposed; tried again later');
    } else {
      deps.log.warn({ ...fields, reason: next.setAside }, 'Fix task proposal set aside');
    }
    // Counted on the stored proposal: two replicas failing at once count twice, never lose one.
    await settle(deps, target, incidentId, (stored) => afterFailure(stored, cause, lasting));
    if (next.setAside === undefined)
      await oweProposalAt(deps, watch, deps.clock.now() + retryDelayMs(next.tries));
    else await settledProposal(deps, watch);
    return false;
  }
  if (outcome.kind === 'later') {
    const next = afterFailure(owed, outcome.reason, false);
    deps.log.warn(
      { incident: incidentId, reason: outcome.reason, tries: next.tries },
      'Fix task not proposed yet; tried again later',
    );
    await settle(deps, target, incidentId, (proposal) => afterFailure(proposal, outcome.reason, false));
    if (next.setAside !== undefined) await settledProposal(deps, watch);
    else await oweProposalAt(deps, watch, outcome.retryAt ?? deps.clock.now() + retryDelayMs(next.tries));
    return false;
  }
  if (outcome.kind === 'skipped') {
    deps.log.info({ incident: incidentId, reason: outcome.reason }, 'Fix task not proposed');
    await settle(deps, target, incidentId, () => undefined);
  }
  await settledProposal(deps, watch);
  return outcome.kind === 'opened';
}
