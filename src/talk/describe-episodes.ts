import { allSlots, WATCH_DOC_PREFIX, type WatchDoc } from '../ci/index.js';
import type { WatchRef } from '../core/domain/types.js';
import type { Clock, Log, PostedMessage, Store } from '../core/ports.js';
import type { FixTask } from '../fix-tasks/domain/fix-task.js';
import type { Incident } from '../incidents/domain/incident.js';

/** One red episode as a watch document still holds it. */
export interface Episode {
  readonly incident: Incident;
  readonly task?: FixTask;
  /** The incident's Slack message, once posted. */
  readonly message?: PostedMessage;
}

/** A watch's episodes, newest first: its current incident and the earlier ones its document keeps. */
export interface WatchEpisodes {
  readonly watch: WatchRef;
  /** The watch's verdict now: the episode machine's signal. */
  readonly signal: 'green' | 'red' | 'unknown';
  readonly episodes: readonly Episode[];
}

export type EpisodesReport =
  | { readonly ok: true; readonly watches: readonly WatchEpisodes[]; readonly now: number }
  | { readonly ok: false; readonly cause: 'store unreachable' | 'store error' };

/**
 * `/overseer incidents`, `/overseer history` and the Home tab: every watch document's incidents,
 * limited to `repo` when given. Only what the documents hold: the current incident, the one before
 * it, and earlier ones still owed Slack work or with an open fix task; older episodes are not kept.
 */
export async function describeEpisodes(
  deps: { readonly store: Store; readonly clock: Clock; readonly log: Log },
  repo?: string,
): Promise<EpisodesReport> {
  let docs: Awaited<ReturnType<typeof deps.store.list<WatchDoc>>>;
  try {
    docs = await deps.store.list<WatchDoc>(WATCH_DOC_PREFIX);
  } catch (error) {
    deps.log.warn({ err: error }, 'Watch documents could not be read for the incident history');
    const down = error instanceof Error && error.name === 'StoreUnavailableError';
    return { ok: false, cause: down ? 'store unreachable' : 'store error' };
  }
  const watches: WatchEpisodes[] = [];
  for (const { value: doc } of docs) {
    const slots = [...allSlots(doc)].sort((a, b) => b.incident.episode - a.incident.episode);
    const watch = slots[0]?.incident.watch;
    if (watch === undefined) continue;
    if (repo !== undefined && watch.repo.toLowerCase() !== repo.toLowerCase()) continue;
    const episodes = slots.map(({ incident, task, message }) => ({
      incident,
      ...(task ? { task } : {}),
      ...(message ? { message } : {}),
    }));
    watches.push({ watch, signal: doc.episode.signal, episodes });
  }
  watches.sort(
    (a, b) => a.watch.repo.localeCompare(b.watch.repo) || a.watch.workflow.localeCompare(b.watch.workflow),
  );
  return { ok: true, watches, now: deps.clock.now() };
}
