import type { WatchRef } from '../../../core/domain/types.js';
import type { StatusReport } from '../../../talk/describe-status.js';

/**
 * Whether `watch` posts its incidents to `channel`, by the status of that channel (the configured
 * watches there). A watch whose branch is not resolved yet matches nothing: a channel sees only
 * what is known to be its own.
 */
export async function channelWatches(
  status: (scope: { readonly channel: string }) => Promise<StatusReport>,
  channel: string,
): Promise<(watch: WatchRef) => boolean> {
  const report = await status({ channel });
  const mine = report.watches.filter((held) => held.channel === channel);
  return (watch) =>
    mine.some(
      (held) =>
        held.repo.toLowerCase() === watch.repo.toLowerCase() &&
        held.workflow === watch.workflow &&
        held.branch === watch.branch,
    );
}
