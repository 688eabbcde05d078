import type { CheckMove, CheckStage } from '../ci/index.js';
import type { Clock, Log, Store } from '../core/ports.js';
import { decideEpisode } from './decide-episode.js';
import { scheduleEscalation } from './fire-due-steps.js';

export interface EscalationStageDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Log;
}

/**
 * Queues the current incident's next escalation step (or takes it out once none is left). Done
 * after every transition and on every look at an open incident, so a crash between the CAS that
 * opened it and this write is made good by the next look.
 */
async function keepEscalationScheduled(deps: EscalationStageDeps, moved: CheckMove): Promise<void> {
  const incident = moved.doc.current?.incident;
  if (incident?.escalation === undefined) return;
  const live = incident.status === 'open' && incident.acknowledgedBy === undefined;
  if (!live && moved.event === undefined) return;
  await scheduleEscalation(deps.store, moved.doc, incident.id, deps.clock.now()).catch((error: unknown) =>
    deps.log.warn(
      { err: error, incident: incident.id },
      'Escalation could not be scheduled; the next check tries again',
    ),
  );
}

/**
 * Escalation in a check: deciding, the decision engine rules on the step's event (recorded on the
 * incident; its work kept, trimmed, or joined by a barge-in's pages or a digest line); once
 * recorded, the incident's next step is scheduled.
 */
export function escalationStage(deps: EscalationStageDeps): CheckStage {
  return {
    name: 'escalation',
    decide: decideEpisode,
    onRecord: (_target, move) => keepEscalationScheduled(deps, move),
  };
}
