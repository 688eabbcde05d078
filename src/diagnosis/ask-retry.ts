import type { WatchTarget } from '../ci/index.js';
import { EMPTY_WATCH_DOC, type WatchDoc, watchDocKey } from '../ci/index.js';
import type { CiProvider, Log, Store } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import type { PendingRetry } from './pending-retry.js';

export interface AskRetryDeps {
  readonly ci: CiProvider;
  readonly store: Store;
  readonly log: Log;
}

/**
 * Asks GitHub for the automatic re-run the watch document now waits for. Called only by the check
 * whose compare-and-set decided it, so at most once (a crash in between costs the re-run, and the
 * wait runs out and pages). Answers false when GitHub refused (the 50 re-run limit, permissions):
 * the wait is then marked refused, for the next move to page at once.
 */
export async function askRetry(
  deps: AskRetryDeps,
  target: WatchTarget,
  retry: PendingRetry,
): Promise<boolean> {
  const { repo } = target.watch;
  try {
    await deps.ci.rerunFailedJobs(repo, retry.runId);
    deps.log.info(
      { repo, runId: retry.runId, sha: retry.sha, why: retry.why },
      'Failed jobs re-run before paging',
    );
    return true;
  } catch (error) {
    deps.log.warn({ err: error, repo, runId: retry.runId }, 'Automatic re-run refused; paging instead');
  }
  const same = (doc: WatchDoc) =>
    doc.pendingRetry?.runId === retry.runId && doc.pendingRetry.attempt === retry.attempt;
  await updateDoc(deps.store, watchDocKey(target.watch), EMPTY_WATCH_DOC, (doc) =>
    same(doc) && doc.pendingRetry
      ? { ...doc, pendingRetry: { ...doc.pendingRetry, notStarted: true } }
      : undefined,
  );
  return false;
}
