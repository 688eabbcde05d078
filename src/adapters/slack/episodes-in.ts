import type { EpisodesReport } from '../../app/describe-episodes.js';
import type { StatusReport } from '../../app/describe-status.js';

/** Which watches an answer may show: all, or those whose incidents go to `channel`. */
export interface WatchScope {
  readonly channel?: string;
}

export interface EpisodesInDeps {
  readonly status: (scope?: WatchScope) => Promise<StatusReport>;
  readonly episodes: (repo?: string) => Promise<EpisodesReport>;
}

/**
 * The episodes of `repo` (or every repo), limited to the watches of `scope.channel` when given.
 * A watch is matched to its channel through the status (the configured watches of that channel);
 * one whose branch is not resolved yet cannot be matched and is left out: a channel sees only what
 * is known to be its own.
 */
export async function episodesIn(
  deps: EpisodesInDeps,
  repo: string | undefined,
  scope: WatchScope,
): Promise<EpisodesReport> {
  const channel = scope.channel;
  if (channel === undefined) return deps.episodes(repo);
  const [report, status] = await Promise.all([deps.episodes(repo), deps.status({ channel })]);
  if (!report.ok) return report;
  const mine = status.watches.filter((watch) => watch.channel === channel);
  const watches = report.watches.filter(({ watch }) =>
    mine.some(
      (held) =>
        held.repo.toLowerCase() === watch.repo.toLowerCase() &&
        held.workflow === watch.workflow &&
        held.branch === watch.branch,
    ),
  );
  return { ...report, watches };
}
