import type { Clock, Log, StatusPage, Store } from '../core/ports.js';
import { StatusPageError, StoreUnavailableError } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import { actionsStatusOf, GITHUB_STATUS_POLL_MS, type GithubStatusReading } from './domain/github-status.js';

/** The store key of the last reading of GitHub's status page, shared by every replica. */
export const GITHUB_STATUS_KEY = 'github-status';

/** What one poll came to, for the metric: a new body, 304, or the page not read (and why). */
export type StatusPollResult =
  | 'fresh'
  | 'unchanged'
  | 'skipped'
  | `failed:${StatusPageError['reason'] | 'store' | 'other'}`;

export interface StatusPollDeps {
  readonly store: Store;
  readonly statusPage: StatusPage;
  readonly clock: Clock;
  readonly log: Log;
  /** Counts each poll's result (a metric). */
  readonly count: (result: StatusPollResult) => void;
  /** This process's name in the poll's claim. */
  readonly replicaId: string;
}

/** The claim of one poll period: one replica reads the page per period. */
function slotKey(now: number): string {
  return `${GITHUB_STATUS_KEY}:poll:${Math.floor(now / GITHUB_STATUS_POLL_MS)}`;
}

async function readOnce(deps: StatusPollDeps, now: number): Promise<StatusPollResult> {
  const stored = await deps.store.get<GithubStatusReading>(GITHUB_STATUS_KEY);
  const answer = await deps.statusPage.read(stored?.value.etag);
  await updateDoc<GithubStatusReading | undefined>(deps.store, GITHUB_STATUS_KEY, undefined, (current) => {
    // Another replica wrote a newer reading meanwhile: it stands.
    if (current !== undefined && current.readAt > now) return undefined;
    if (answer.kind === 'unchanged') {
      // 304 for an ETag no longer stored (a newer body was written meanwhile): nothing to confirm.
      if (current === undefined || current.etag !== stored?.value.etag) return undefined;
      return { ...current, readAt: now };
    }
    const actions = actionsStatusOf(answer.components);
    return {
      readAt: now,
      ...(answer.etag === undefined ? {} : { etag: answer.etag }),
      ...(actions === undefined ? {} : { actions }),
    };
  });
  return answer.kind;
}

/**
 * Reads GitHub's status page once and stores the reading (the Actions component's status, the
 * ETag) for every replica; 304 Not Modified only marks the last reading as confirmed now. With
 * `claimed`, at most one replica reads per poll period. A page that cannot be read changes
 * nothing: the last good reading ages out on its own (actionsOutage), the cause is logged and
 * counted, and nothing else (readiness included) depends on it. Never throws.
 */
export async function pollGithubStatus(deps: StatusPollDeps, claimed = true): Promise<StatusPollResult> {
  const now = deps.clock.now();
  let result: StatusPollResult;
  try {
    if (claimed && !(await deps.store.setIfAbsent(slotKey(now), deps.replicaId, GITHUB_STATUS_POLL_MS * 2))) {
      return 'skipped';
    }
    result = await readOnce(deps, now);
    deps.log.debug({ result }, 'GitHub status page read');
  } catch (error) {
    const reason =
      error instanceof StatusPageError
        ? error.reason
        : error instanceof StoreUnavailableError
          ? 'store'
          : 'other';
    result = `failed:${reason}`;
    // Store trouble is reported by the store's own health; the page's by its classified cause.
    deps.log.warn(
      { cause: reason, err: error },
      'GitHub status page could not be read; the last reading ages out',
    );
  }
  deps.count(result);
  return result;
}
