import type { EpisodesReport } from '../../../talk/describe-episodes.js';
import type { StatusReport } from '../../../talk/describe-status.js';
import { channelWatches } from './channel-watches.js';

/** Which watches an answer may show: all, or those whose incidents go to `channel`. */
export interface WatchScope {
  readonly channel?: string;
}

export interface EpisodesInDeps {
  readonly status: (scope?: WatchScope) => Promise<StatusReport>;
  readonly episodes: (repo?: string) => Promise<EpisodesReport>;
}

/** The episodes of `repo` (or every repo), limited to the watches of `scope.channel` when given. */
export async function episodesIn(
  deps: EpisodesInDeps,
  repo: string | undefined,
  scope: WatchScope,
): Promise<EpisodesReport> {
  const channel = scope.channel;
  if (channel === undefined) return deps.episodes(repo);
  const [report, inChannel] = await Promise.all([deps.episodes(repo), channelWatches(deps.status, channel)]);
  if (!report.ok) return report;
  return { ...report, watches: report.watches.filter(({ watch }) => inChannel(watch)) };
}
