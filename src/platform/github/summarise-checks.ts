import type { ChecksSummary } from '../../core/ports.js';

/** A workflow run as "List workflow runs" gives it; its fields describe its latest attempt. */
export interface ApiRun {
  id: number;
  workflow_id: number;
  name?: string | null;
  status: string | null;
  conclusion: string | null;
  created_at: string;
}

type Verdict = 'pending' | 'action_required' | 'failure' | 'no_signal' | 'success' | 'skipped';

/**
 * Strongest first: one failing workflow decides, then one awaiting approval, then one still running,
 * then one cancelled (no signal: it must run again before anything is known).
 */
const PRECEDENCE: readonly Exclude<Verdict, 'skipped'>[] = [
  'failure',
  'action_required',
  'pending',
  'no_signal',
  'success',
];
const FAILED: ReadonlySet<string> = new Set(['failure', 'timed_out', 'startup_failure']);
/** Finished without testing anything: as for the CI signal (domain/ci-signal.ts), no evidence. */
const SKIPPED: ReadonlySet<string> = new Set(['skipped', 'neutral']);

/**
 * Conclusions per https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-repository.
 * A run waiting for a maintainer's approval is completed with `action_required`; one waiting for an
 * environment's approval has status `waiting` and is pending. A cancelled run says nothing about the
 * code (a newer push or a person stopped it): it is never a failure, and never a pass either. A
 * conclusion not known here (`stale`, or none on a completed run) is pending: never green.
 */
function verdictOf(run: ApiRun): Verdict {
  if (run.conclusion === 'action_required') return 'action_required';
  if (run.status !== 'completed' || run.conclusion === null) return 'pending';
  if (FAILED.has(run.conclusion)) return 'failure';
  if (run.conclusion === 'cancelled') return 'no_signal';
  if (SKIPPED.has(run.conclusion)) return 'skipped';
  if (run.conclusion === 'success') return 'success';
  return 'pending';
}

/** The newest run of each workflow (by `created_at`, then `id`), the one that counts. */
function newestPerWorkflow(runs: readonly ApiRun[]): ApiRun[] {
  const newest = new Map<number, ApiRun>();
  for (const run of runs) {
    const kept = newest.get(run.workflow_id);
    const order = kept ? Date.parse(run.created_at) - Date.parse(kept.created_at) || run.id - kept.id : 1;
    if (order > 0) newest.set(run.workflow_id, run);
  }
  return [...newest.values()];
}

/**
 * The runs on one commit, summed up. Skipped and neutral workflows count for nothing: success
 * needs at least one workflow that passed, so an all-skipped commit is `no_signal`, never green.
 */
export function summariseChecks(runs: readonly ApiRun[]): ChecksSummary {
  const counted = newestPerWorkflow(runs);
  if (counted.length === 0) return { state: 'none', runs: 0, names: [] };
  const verdicts = counted.map((run) => ({ run, verdict: verdictOf(run) }));
  const found = PRECEDENCE.find((verdict) => verdicts.some((v) => v.verdict === verdict));
  const state = found ?? 'no_signal';
  if (state === 'success' || state === 'pending') return { state, runs: counted.length, names: [] };
  // No signal names what must run again: the cancelled workflows, or the skipped ones when all were.
  const named: Verdict = state === 'no_signal' && found === undefined ? 'skipped' : state;
  const names = verdicts
    .filter((v) => v.verdict === named)
    .map((v) => v.run.name ?? `workflow ${v.run.workflow_id}`);
  return { state, runs: counted.length, names: [...new Set(names)].sort() };
}
