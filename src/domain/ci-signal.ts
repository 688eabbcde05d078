import type { RunInfo } from './types.js';

/** What one look at a watch's runs says about its branch. */
export type Verdict =
  | { readonly kind: 'red'; readonly run: RunInfo }
  | { readonly kind: 'green'; readonly run: RunInfo }
  | { readonly kind: 'no-signal'; readonly reason: string };

const RED_CONCLUSIONS: ReadonlySet<string> = new Set(['failure', 'timed_out', 'startup_failure']);

/**
 * Runs started by these events test someone else's code that merely names the branch
 * (a fork's pull request from its own `main`), not the branch itself.
 */
const FOREIGN_EVENTS: ReadonlySet<string> = new Set(['pull_request', 'pull_request_target']);

function newestFirst(a: RunInfo, b: RunInfo): number {
  const byCreated = Date.parse(b.createdAt) - Date.parse(a.createdAt);
  return byCreated !== 0 ? byCreated : b.id - a.id;
}

/**
 * The verdict at the branch's newest head commit, from its latest attempt.
 *
 * `runs` are the runs of one workflow on one branch, in any order and of any status. The head is
 * the commit of the newest run; while that commit's run is still in progress there is no signal
 * (an older commit's result must not stand in for it, nor a re-run that is under way).
 */
export function ciSignal(runs: readonly RunInfo[]): Verdict {
  const own = runs.filter((run) => !FOREIGN_EVENTS.has(run.event)).sort(newestFirst);
  const newest = own[0];
  if (newest === undefined) return { kind: 'no-signal', reason: 'no runs' };

  const atHead = own.filter((run) => run.headSha === newest.headSha);
  const latest = atHead[0] ?? newest;
  if (latest.status !== 'completed' || latest.conclusion === null) {
    return { kind: 'no-signal', reason: 'head run in progress' };
  }
  if (latest.conclusion === 'success') return { kind: 'green', run: latest };
  if (RED_CONCLUSIONS.has(latest.conclusion)) return { kind: 'red', run: latest };
  return { kind: 'no-signal', reason: `head run ${latest.conclusion}` };
}
