/** Jobs and steps of a workflow-run attempt, with the bookkeeping steps GitHub adds to every job. */

export interface StepSpec {
  name: string;
  conclusion: string | null;
}

export interface JobSpec {
  name: string;
  conclusion: string | null;
  /** Defaults to the run's status. */
  status?: string;
  /** The job's own steps; `Set up job` and `Complete job` are added around them as on GitHub. */
  steps?: StepSpec[];
}

export interface StepState {
  name: string;
  status: string;
  conclusion: string | null;
  number: number;
  startedAt: string | null;
  completedAt: string | null;
}

export interface JobState {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  attempt: number;
  createdAt: string;
  startedAt: string;
  completedAt: string | null;
  steps: StepState[];
}

interface BuildContext {
  status: string;
  conclusion: string | null;
  at: string;
  attempt: number;
  nextId: () => number;
}

const PASSED = new Set(['success', 'skipped', 'neutral']);

function steps(own: StepSpec[], status: string, at: string): StepState[] {
  if (status === 'queued' || status === 'waiting' || status === 'pending' || status === 'requested')
    return [];
  const done = status === 'completed';
  const all = [
    { name: 'Set up job', conclusion: 'success' },
    ...own,
    { name: 'Complete job', conclusion: 'success' },
  ];
  return all.map((step, i) => {
    const stepDone = done || i === 0;
    return {
      name: step.name,
      status: stepDone ? 'completed' : i === 1 ? 'in_progress' : 'queued',
      conclusion: stepDone ? step.conclusion : null,
      number: i + 1,
      startedAt: stepDone || i === 1 ? at : null,
      completedAt: stepDone ? at : null,
    };
  });
}

/** The jobs of a new attempt; without specs, one job `build` with one step `Run tests`. */
export function buildJobs(specs: JobSpec[] | undefined, ctx: BuildContext): JobState[] {
  const list = specs ?? [
    { name: 'build', conclusion: ctx.conclusion, steps: [{ name: 'Run tests', conclusion: ctx.conclusion }] },
  ];
  return list.map((spec) => {
    const status = spec.status ?? ctx.status;
    const done = status === 'completed';
    const conclusion = done ? spec.conclusion : null;
    const own = spec.steps ?? [{ name: 'Run tests', conclusion }];
    return {
      id: ctx.nextId(),
      name: spec.name,
      status,
      conclusion,
      attempt: ctx.attempt,
      createdAt: ctx.at,
      startedAt: ctx.at,
      completedAt: done ? ctx.at : null,
      steps: steps(own, status, ctx.at),
    };
  });
}

/**
 * A job of a just-requested re-run: queued again, unless only failed jobs are re-run and this one passed,
 * in which case GitHub carries its result into the new attempt.
 */
export function pendingCopy(
  job: JobState,
  failedOnly: boolean,
  attempt: number,
  nextId: () => number,
): JobState {
  const keep = failedOnly && job.conclusion !== null && PASSED.has(job.conclusion);
  if (keep) return { ...structuredClone(job), id: nextId(), attempt };
  return {
    ...job,
    id: nextId(),
    attempt,
    status: 'queued',
    conclusion: null,
    completedAt: null,
    steps: [],
  };
}

/** Completes the still-pending jobs of an attempt, re-using the steps of the same job one attempt earlier. */
export function settleJobs(
  jobs: JobState[],
  previous: JobState[],
  runConclusion: string,
  at: string,
): JobState[] {
  return jobs.map((job) => {
    if (job.status === 'completed') return job;
    const before = previous.find((p) => p.name === job.name);
    const conclusion = runConclusion === 'success' ? 'success' : (before?.conclusion ?? runConclusion);
    const ownBefore = (before?.steps ?? []).slice(1, -1);
    const own =
      ownBefore.length === 0
        ? [{ name: 'Run tests', conclusion }]
        : ownBefore.map((s) => ({
            name: s.name,
            conclusion: conclusion === 'success' ? 'success' : s.conclusion,
          }));
    return { ...job, status: 'completed', conclusion, completedAt: at, steps: steps(own, 'completed', at) };
  });
}
