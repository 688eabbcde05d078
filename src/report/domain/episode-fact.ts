// What the CI health report keeps of one red episode after its watch document lets it go: a few
// hundred bytes of plain facts (see history-bucket.ts for where they are kept and for how long).
import type { FixTask } from '../../fix-tasks/domain/fix-task.js';
import type { Incident } from '../../incidents/domain/incident.js';

/** Longest error line kept for a failure (the report shows it cut to one line anyway). */
export const MAX_FACT_LINE = 100;

/** A failure seen in the episode: its fingerprint, the job, and the job's primary error line. */
export interface FactFailure {
  readonly fingerprint: string;
  readonly job: string;
  readonly line: string;
}

/** A fix task's outcome: its last state, and when it entered the states the report counts. */
export interface FactTask {
  readonly id: string;
  readonly state: FixTask['state'];
  readonly startedAt?: number;
  readonly mergedAt?: number;
  readonly verifiedAt?: number;
  readonly revertedAt?: number;
}

/** One red episode of one watch, as the report counts it. Times are epoch ms. */
export interface EpisodeFact {
  readonly episode: number;
  /** When CI went red (the first red run's creation). */
  readonly since: number;
  /** Absent while the episode is still red. */
  readonly resolvedAt?: number;
  /** How it ended: green at a new commit, green again at the red commit, or fixed by its task. */
  readonly ended?: 'recovered' | 'flaky' | 'fixed';
  /** The commit CI was green again at (short). */
  readonly sha?: string;
  readonly ackAt?: number;
  readonly ackBy?: string;
  readonly failures?: readonly FactFailure[];
  /** Jobs that failed and passed on a re-run of the same commit (flaky episodes). */
  readonly flaked?: readonly string[];
  readonly task?: FactTask;
}

function taskFact(task: FixTask): FactTask {
  const { at } = task;
  return {
    id: task.id,
    state: task.state,
    ...(at.starting === undefined ? {} : { startedAt: at.starting }),
    ...(at.merged === undefined ? {} : { mergedAt: at.merged }),
    ...(at.verified === undefined ? {} : { verifiedAt: at.verified }),
    ...(at.reverted === undefined ? {} : { revertedAt: at.reverted }),
  };
}

function failuresOf(incident: Incident): FactFailure[] {
  const seen = new Set<string>();
  const failures: FactFailure[] = [];
  for (const job of incident.failingJobs) {
    const excerpt = job.excerpt;
    if (excerpt === undefined || !('fingerprint' in excerpt) || seen.has(excerpt.fingerprint)) continue;
    seen.add(excerpt.fingerprint);
    failures.push({
      fingerprint: excerpt.fingerprint,
      job: job.name,
      line: excerpt.primary.slice(0, MAX_FACT_LINE),
    });
  }
  return failures;
}

/** The facts of an incident (and its fix task) as they stand; quiet incidents are episodes too. */
export function episodeFact(incident: Incident, task?: FixTask): EpisodeFact {
  const fixed = task !== undefined && (task.at.merged !== undefined || task.state === 'verified');
  const { status, resolvedAt } = incident;
  const resolved = status !== 'open' && resolvedAt !== undefined;
  const ended: EpisodeFact['ended'] = status === 'open' ? undefined : fixed ? 'fixed' : status;
  const failures = failuresOf(incident);
  return {
    episode: incident.episode,
    since: incident.since,
    ...(resolved && ended !== undefined ? { resolvedAt, ended } : {}),
    ...(resolved && incident.resolvedSha !== undefined ? { sha: incident.resolvedSha.slice(0, 7) } : {}),
    ...(incident.acknowledgedAt === undefined ? {} : { ackAt: incident.acknowledgedAt }),
    ...(incident.acknowledgedBy === undefined ? {} : { ackBy: incident.acknowledgedBy }),
    ...(failures.length === 0 ? {} : { failures }),
    ...(incident.flakedJobs === undefined || incident.flakedJobs.length === 0
      ? {}
      : { flaked: incident.flakedJobs }),
    ...(task === undefined ? {} : { task: taskFact(task) }),
  };
}
