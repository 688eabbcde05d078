import type { FindTarget } from '../ci/index.js';
import type { Telemetry } from '../core/ports.js';
import type { DrainDeps } from '../incidents/index.js';
import { alertOutages, type OutageDeps } from './alert-outages.js';
import { fireDueSteps } from './fire-due-steps.js';

/** How often due escalation steps are looked for in the store: one cheap claim per tick per replica. */
const ESCALATION_TICK_MS = 1_000;

export type EscalationDeps = DrainDeps &
  OutageDeps & {
    readonly findTarget: FindTarget;
    /** Counts the steps each tick fired. */
    readonly telemetry?: Pick<Telemetry, 'escalationStepsFired'>;
  };

/**
 * Escalation's scheduled work, while Overseer is awake: outage DMs to the admins (every `tick`)
 * and the due steps of open incidents (every second), in the order they start.
 */
export function createEscalation(deps: EscalationDeps) {
  const fire = async () => {
    const fired = await fireDueSteps(deps);
    if (fired > 0) deps.telemetry?.escalationStepsFired(fired);
    return fired;
  };
  return {
    jobs: (tick: number) => [
      // The loop stalled or GitHub unreachable for long enough: the admins get one DM per outage.
      { name: 'outage-alerts', everyMs: tick, run: () => alertOutages(deps) },
      // Due steps are claimed from the store, so a step that came due while every replica was down
      // fires at the first tick after start-up, and with several replicas each fires once.
      { name: 'escalation', everyMs: ESCALATION_TICK_MS, run: fire },
    ],
  };
}
