import {
  type CheckMove,
  EMPTY_WATCH_DOC,
  enqueue,
  type FindTarget,
  findSlot,
  type OutboxWork,
  type WatchDoc,
  type WatchTarget,
  watchDocKey,
  withSlot,
} from '../ci/index.js';
import type { Log, Store } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import type { Incident } from '../incidents/domain/incident.js';
import { stormMemberOf } from './domain/storm-member-of.js';
import { withStormMember } from './domain/storm-view.js';

export interface ReportDeps {
  readonly store: Store;
  readonly log: Log;
  readonly findTarget: FindTarget;
}

/** What the storm's thread keeps of a member: its repo, run, jobs and suspects, not its replies. */
function memberNote(incident: Incident): OutboxWork {
  const { replies: _replies, decisions: _decisions, joined: _joined, ...member } = incident;
  return {
    kind: 'note',
    note: { type: 'storm-joined', member: { ...member, failingJobs: incident.failingJobs.slice(0, 5) } },
  };
}

/**
 * Shows a member's state on its storm's message: with one compare-and-set on the lead's document,
 * the member's line is added or brought up to date (red since, green again) and a render of the
 * storm's message is queued, with the member's suspects in the thread the first time. Done on
 * every look at a joined incident and changing nothing when the message shows it already, so a
 * crash between the member's write and this one is made good by the next look. Answers the lead's
 * watch when work was queued there (to be delivered), else undefined.
 */
export async function reportToLead(deps: ReportDeps, moved: CheckMove): Promise<WatchTarget | undefined> {
  const incident = moved.doc.current?.incident;
  const joined = incident?.joined;
  if (incident === undefined || joined === undefined) return undefined;
  const lead = await deps.findTarget(joined.lead.key);
  if (lead === undefined) return undefined;
  const member = stormMemberOf(incident);
  const leadId = joined.lead.incidentId;
  try {
    const updated = await updateDoc<WatchDoc>(deps.store, watchDocKey(lead.watch), EMPTY_WATCH_DOC, (doc) => {
      const slot = findSlot(doc, leadId);
      if (slot === undefined) return undefined;
      const storm = withStormMember(slot.incident.storm, joined, member);
      if (storm === undefined) return undefined;
      const first = !slot.incident.storm?.members.some((known) => known.incidentId === member.incidentId);
      const next = withSlot(doc, leadId, { ...slot, incident: { ...slot.incident, storm } });
      return enqueue(next, leadId, first ? [{ kind: 'render' }, memberNote(incident)] : [{ kind: 'render' }]);
    });
    return updated.changed ? lead : undefined;
  } catch (error) {
    deps.log.warn(
      { err: error, incident: incident.id },
      'Storm message not updated; the next check tries again',
    );
    return undefined;
  }
}
