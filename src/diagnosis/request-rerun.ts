import {
  EMPTY_WATCH_DOC,
  enqueue,
  type FindTarget,
  findSlot,
  watchDocKey,
  watchKeyOfIncident,
} from '../ci/index.js';
import { isAllowed } from '../core/authorize.js';
import { doOnce } from '../core/do-once.js';
import { type GitHubRefusal, githubRefusal } from '../core/github-refusal.js';
import type { CiProvider } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import { type DrainDeps, drainOutbox } from '../incidents/index.js';

export interface RerunDeps extends DrainDeps {
  readonly ci: CiProvider;
  readonly findTarget: FindTarget;
  /** Who may ask: everyone, or only the approvers. */
  readonly rerunBy: 'anyone' | 'approvers';
  readonly approvers: readonly string[];
}

export type RerunOutcome =
  | { readonly kind: 'requested'; readonly attempt: number }
  | { readonly kind: 'duplicate'; readonly by: string }
  | { readonly kind: 'not-allowed' }
  | { readonly kind: 'not-open' }
  /** GitHub did not re-run it; `refusal` is what a 403 or 429 said, when it was one. */
  | { readonly kind: 'failed'; readonly error: unknown; readonly refusal?: GitHubRefusal };

/**
 * A burst of clicks on one incident's button asks GitHub once per failed attempt: the claim covers
 * the GitHub call, and the done mark, written after GitHub accepted, the next ten minutes.
 */
const ONCE = { claimMs: 30_000, doneMs: 10 * 60_000 };

export async function requestRerun(
  deps: RerunDeps,
  incidentId: string,
  userId: string,
): Promise<RerunOutcome> {
  const target = await deps.findTarget(watchKeyOfIncident(incidentId));
  if (target === undefined) return { kind: 'not-open' };
  if (deps.rerunBy === 'approvers' && !(await isAllowed(deps.chat, deps.approvers, userId))) {
    return { kind: 'not-allowed' };
  }
  const key = watchDocKey(target.watch);
  const slot = findSlot(
    (await deps.store.get<typeof EMPTY_WATCH_DOC>(key))?.value ?? EMPTY_WATCH_DOC,
    incidentId,
  );
  if (slot === undefined || slot.incident.status !== 'open') return { kind: 'not-open' };
  const { run } = slot.incident;

  const burst = `rerun:${incidentId}:${run.id}:${run.attempt}`;
  let asked: Awaited<ReturnType<typeof doOnce>>;
  try {
    asked = await doOnce(deps.store, burst, userId, ONCE, () =>
      deps.ci.rerunFailedJobs(target.watch.repo, run.id),
    );
  } catch (error) {
    const refusal = githubRefusal(error);
    return { kind: 'failed', error, ...(refusal ? { refusal } : {}) };
  }
  if (!asked.ran) return { kind: 'duplicate', by: asked.by };
  const attempt = run.attempt + 1;
  await updateDoc(deps.store, key, EMPTY_WATCH_DOC, (doc) =>
    enqueue(doc, incidentId, [{ kind: 'note', note: { type: 'rerun-requested', userId, attempt } }]),
  );
  await drainOutbox(deps, target);
  return { kind: 'requested', attempt };
}
