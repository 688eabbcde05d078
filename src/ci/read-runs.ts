import type { RunInfo, WatchRef } from '../core/domain/types.js';
import type { CiProvider } from '../core/ports.js';
import { ciSignal, type RunMark } from './domain/ci-signal.js';

/**
 * Pages of runs read at most per look: on a branch so busy that this many pages hold no finished
 * commit, the look says "no signal" and the next one tries again.
 */
export const MAX_RUN_PAGES = 5;

/**
 * A watch's runs, newest first, read page by page until they hold a decisive commit or reach the
 * run the state stands on (nothing older can matter), or GitHub has no more. An idle watch costs
 * one conditional request (page 1, usually answered 304).
 */
export async function readRuns(
  ci: Pick<CiProvider, 'listRuns'>,
  watch: WatchRef,
  stand: RunMark | undefined,
): Promise<RunInfo[]> {
  const runs = new Map<number, RunInfo>();
  for (let page = 1; page <= MAX_RUN_PAGES; page += 1) {
    const { runs: batch, more } = await ci.listRuns(watch, page);
    // A run pushed down a page between two reads shows up twice: the first (newer) read wins.
    for (const run of batch) if (!runs.has(run.id)) runs.set(run.id, run);
    const verdict = ciSignal([...runs.values()], stand);
    if (verdict.kind !== 'no-signal' || verdict.settled || !more) break;
  }
  return [...runs.values()];
}
