import type { FindTarget } from '../ci/index.js';
import type { Telemetry } from '../core/ports.js';
import type { DrainDeps } from '../incidents/index.js';
import { alertOutages, type OutageDeps } from './alert-outages.js';
import { fireDueSteps } from './fire-due-steps.js';
import { pollGithubStatus, type StatusPollDeps } from './poll-github-status.js';

/** How often due escalation steps are looked for in the store: one cheap claim per tick per replica. */
const ESCALATION_TICK_MS = 1_000;
/**
 * How often each replica tries to claim the status page's poll period: the page itself is read
 * once per period (2 minutes) across replicas, within this long of the period's start.
 */
const STATUS_TICK_MS = 5_000;

export type EscalationDeps = DrainDeps &
  OutageDeps & {
    readonly findTarget: FindTarget;
    /** Counts the steps each tick fired. */
    readonly telemetry?: Pick<Telemetry, 'escalationStepsFired'>;
    /** GitHub's status page (`storms.githubStatus`); absent, it is never read. */
    readonly githubStatus?: Pick<StatusPollDeps, 'statusPage' | 'count' | 'replicaId'>;
  };

/**
 * Reads GitHub's status page: the first run at once and unclaimed (a starting replica may hold a
 * reading up to one period old, or none), then one claimed read per poll period across replicas.
 */
function statusPollJob(deps: EscalationDeps, status: NonNullable<EscalationDeps['githubStatus']>) {
  const poll: StatusPollDeps = { ...status, store: deps.store, clock: deps.clock, log: deps.log };
  let started = false;
  return {
    name: 'github-status',
    everyMs: STATUS_TICK_MS,
    run: () => {
      const claimed = started;
      started = true;
      return pollGithubStatus(poll, claimed);
    },
  };
}

/**
 * Escalation's scheduled work, while Overseer is awake: outage DMs to the admins (every `tick`),
 * the due steps of open incidents (every second) and GitHub's status page (when on), in the order
 * they start.
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
      // GitHub's own outages: while Actions is not operational, new reds page nobody.
      ...(deps.githubStatus === undefined ? [] : [statusPollJob(deps, deps.githubStatus)]),
    ],
  };
}
