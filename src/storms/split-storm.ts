import {
  EMPTY_WATCH_DOC,
  enqueue,
  type FindTarget,
  findSlot,
  type WatchDoc,
  type WatchTarget,
  watchDocKey,
  watchKeyOfIncident,
  withSlot,
} from '../ci/index.js';
import type { Clock, Log, Store } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import { escalationOf } from '../escalation/index.js';
import type { Incident } from '../incidents/domain/incident.js';
import type { DrainResult } from '../incidents/index.js';
import { splitFromStorm } from './domain/join-storm.js';
import { stormCauseOf } from './domain/storm-cause.js';
import { type StormRecord, stormKey } from './domain/storm-record.js';
import { withoutStormMember } from './domain/storm-view.js';

export interface SplitDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Log;
  readonly windowMs: number;
  readonly findTarget: FindTarget;
  readonly deliver: (target: WatchTarget) => Promise<DrainResult>;
  /** Queues the incident's next escalation step (escalation's scheduleEscalation). */
  readonly schedule: (doc: WatchDoc, incidentId: string, now: number) => Promise<void>;
}

export type SplitOutcome = 'split' | 'not-in-storm' | 'resolved' | 'not-found';

/** Takes the member out of the storm's record, remembering the pair for the rest of the window. */
async function forgetMember(deps: SplitDeps, joined: Incident, memberId: string): Promise<void> {
  const at = joined.joined;
  if (at === undefined) return;
  const fingerprint = stormCauseOf(joined.failingJobs)?.fingerprint ?? '';
  const split = { key: watchKeyOfIncident(memberId), incidentId: memberId, fingerprint };
  await updateDoc<StormRecord | undefined>(deps.store, stormKey(at.channel, at.cause), undefined, (record) =>
    record === undefined ? undefined : splitFromStorm(record, split, deps.windowMs),
  );
}

/**
 * **Not the same cause**: splits the member off the storm led by `leadId` into an incident of its
 * own. Its document first (one compare-and-set: no longer joined, its own escalation opened, its
 * message owed), so a crash after it leaves a posted incident, never a lost one; then the storm's
 * record remembers the pair, and the storm's message drops the member's line. Both outboxes are
 * delivered. A second click finds it split already and changes nothing.
 */
export async function splitStorm(deps: SplitDeps, leadId: string, memberId: string): Promise<SplitOutcome> {
  const member = await deps.findTarget(watchKeyOfIncident(memberId));
  const lead = await deps.findTarget(watchKeyOfIncident(leadId));
  if (member === undefined || lead === undefined) return 'not-found';
  const now = deps.clock.now();
  let outcome = 'not-found' as SplitOutcome;
  let before: Incident | undefined;
  const updated = await updateDoc<WatchDoc>(deps.store, watchDocKey(member.watch), EMPTY_WATCH_DOC, (doc) => {
    const slot = findSlot(doc, memberId);
    const incident = slot?.incident;
    if (slot === undefined || incident === undefined) return undefined;
    outcome =
      incident.joined?.lead.incidentId !== leadId
        ? 'not-in-storm'
        : incident.status !== 'open'
          ? 'resolved'
          : 'split';
    if (outcome !== 'split') return undefined;
    before = incident;
    const { joined: _joined, ...own } = incident;
    const escalation = member.policy === undefined ? undefined : escalationOf(member.policy, now);
    const next = { ...own, ...(escalation === undefined ? {} : { escalation }) };
    return enqueue(withSlot(doc, memberId, { ...slot, incident: next }), memberId, [{ kind: 'render' }]);
  });
  if (outcome !== 'split') return outcome;
  if (updated.changed) {
    await deps
      .schedule(updated.value, memberId, now)
      .catch((error: unknown) =>
        deps.log.warn(
          { err: error, incident: memberId },
          'Escalation could not be scheduled; the next check tries again',
        ),
      );
  }
  if (before !== undefined) {
    await forgetMember(deps, before, memberId).catch((error: unknown) =>
      deps.log.warn(
        { err: error, incident: memberId },
        'Storm split not remembered; the watch may join again',
      ),
    );
  }
  await updateDoc<WatchDoc>(deps.store, watchDocKey(lead.watch), EMPTY_WATCH_DOC, (doc) => {
    const slot = findSlot(doc, leadId);
    const storm = withoutStormMember(slot?.incident.storm, memberId);
    if (slot === undefined || storm === undefined) return undefined;
    return enqueue(withSlot(doc, leadId, { ...slot, incident: { ...slot.incident, storm } }), leadId, [
      { kind: 'render' },
    ]);
  });
  await deps.deliver(member);
  await deps.deliver(lead);
  return 'split';
}
