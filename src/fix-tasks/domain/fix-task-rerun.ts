import type { Verdict } from '../../ci/domain/ci-signal.js';
import { shortSha } from '../../diagnosis/domain/culprit.js';
import type { FixPlan, RunRef } from './fix-task.js';

export type RerunAim =
  | { readonly ok: true; readonly run: RunRef }
  | { readonly ok: false; readonly reason: string };

/**
 * The run an approved re-run task re-runs, by what CI says at the moment of the start: the latest
 * attempt of the red head the task was approved for (someone may have re-run it by hand since).
 * Never an older run the verdict will not look at again: when CI stands on another red commit, is
 * green, or has no finished run to judge by, nothing is re-run and the reason says why.
 */
export function rerunAim(plan: Extract<FixPlan, { strategy: 'rerun' }>, verdict: Verdict): RerunAim {
  if (verdict.kind === 'no-signal') {
    return { ok: false, reason: `CI has no finished run to re-run right now (${verdict.reason})` };
  }
  const { run } = verdict;
  if (verdict.kind === 'green') {
    return { ok: false, reason: `CI is green again at ${shortSha(run.headSha)}: there is nothing to re-run` };
  }
  if (run.headSha !== plan.headSha) {
    return {
      ok: false,
      reason: `CI moved on to a newer red commit ${shortSha(run.headSha)} (run #${run.id}) since this task was proposed: re-running run #${plan.run.id} would not change what CI says; use Re-run failed jobs on the incident for the newer run`,
    };
  }
  return { ok: true, run: { id: run.id, attempt: run.attempt, url: run.url } };
}
