import type { ChecksSummary } from '../../app/ports.js';

/** A workflow run as "List workflow runs" gives it; its fields describe its latest attempt. */
export interface ApiRun {
  id: number;
  workflow_id: number;
  name?: string | null;
  status: string | null;
  conclusion: string | null;
  created_at: string;
}

type Verdict = 'pending' | 'action_required' | 'failure' | 'success';

/** Strongest first: one failing workflow decides, then one awaiting approval, then one still running. */
const PRECEDENCE: readonly Verdict[] = ['failure', 'action_required', 'pending', 'success'];
const FAILED: ReadonlySet<string> = new Set(['failure', 'timed_out', 'cancelled', 'startup_failure']);
const PASSED: ReadonlySet<string> = new Set(['success', 'skipped', 'neutral']);

/**
 * Conclusions per https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-repository.
 * A run waiting for a maintainer's approval is completed with `action_required`; one waiting for an
 * environment's approval has status `waiting` and is pending. A conclusion not known here (`stale`,
 * or none on a completed run) is pending too: it must never pass for green.
 */
function verdictOf(run: ApiRun): Verdict {
  if (run.conclusion === 'action_required') return 'action_required';
  if (run.status !== 'completed' || run.conclusion === null) return 'pending';
  if (FAILED.has(run.conclusion)) return 'failure';
  if (PASSED.has(run.conclusion)) return 'success';
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

export function summariseChecks(runs: readonly ApiRun[]): ChecksSummary {
  const counted = newestPerWorkflow(runs);
  if (counted.length === 0) return { state: 'none', runs: 0, names: [] };
  const verdicts = counted.map((run) => ({ run, verdict: verdictOf(run) }));
  const state = PRECEDENCE.find((verdict) => verdicts.some((v) => v.verdict === verdict)) ?? 'pending';
  if (state !== 'failure' && state !== 'action_required') return { state, runs: counted.length, names: [] };
  const names = verdicts
    .filter((v) => v.verdict === state)
    .map((v) => v.run.name ?? `workflow ${v.run.workflow_id}`);
  return { state, runs: counted.length, names: [...new Set(names)].sort() };
}
