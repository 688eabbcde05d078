import type { CheckFacts, WatchDoc } from '../ci/index.js';
import type { StormClaim } from './claim-storm.js';
import { STORMS_STAGE } from './storm-facts-needed.js';

/** The claim this check made for incident `id`, if it made one. */
function claimOf(facts: CheckFacts, id: string): StormClaim | undefined {
  for (const [key, value] of facts.stages) {
    if (!key.startsWith(`${STORMS_STAGE}/`)) continue;
    const claim = value as StormClaim;
    if (claim.incidentId === id) return claim;
  }
  return undefined;
}

/**
 * The document about to be written, pure: an incident that joined a storm is marked so and loses
 * its escalation (the storm's lead escalates for all) and its fix task proposal (one per storm);
 * from then on, the Slack work each transition queues for it is dropped (its message would be a
 * second top-level message): the storm's message shows it, through `reportToLead`.
 */
export function holdJoined(
  before: WatchDoc,
  next: WatchDoc | undefined,
  facts: CheckFacts,
  channel: string,
): WatchDoc | undefined {
  const slot = next?.current;
  if (next === undefined || slot === undefined) return next;
  let incident = slot.incident;
  const claim = claimOf(facts, incident.id);
  const opened = before.current?.incident.id !== incident.id;
  if (opened && incident.joined === undefined && claim?.choice.kind === 'join') {
    const { escalation: _paged, ...rest } = incident;
    incident = {
      ...rest,
      joined: { lead: claim.choice.lead, channel, cause: claim.cause, line: claim.line },
    };
  }
  if (opened && incident.storm === undefined && claim?.choice.kind === 'lead') {
    // Its message may become a storm's; its pages are remembered by cause (see deliverDm).
    incident = {
      ...incident,
      storm: { cause: claim.cause, line: claim.line, members: [], windowMs: claim.windowMs },
    };
    return { ...next, current: { ...slot, incident } };
  }
  if (incident.joined === undefined) return next;
  const { proposal: _proposed, ...held } = slot;
  const fresh = (item: WatchDoc['outbox'][number]) =>
    item.id >= before.nextOutboxId && item.incidentId === incident.id;
  return { ...next, outbox: next.outbox.filter((item) => !fresh(item)), current: { ...held, incident } };
}
