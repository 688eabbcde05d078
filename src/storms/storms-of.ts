import type { FindTarget } from '../ci/index.js';
import type { StormsStageDeps } from './storms-stage.js';

/**
 * The storms stage's settings for these watches: the window, and which watches can storm at all.
 * A channel only one watch posts to never storms: its reds read nothing more before posting.
 */
export function stormsOf(
  repos: readonly { readonly channel: string }[],
  windowMs: number,
  findTarget: FindTarget,
): Pick<StormsStageDeps, 'scope' | 'windowMs' | 'findTarget'> {
  const perChannel = new Map<string, number>();
  for (const repo of repos) perChannel.set(repo.channel, (perChannel.get(repo.channel) ?? 0) + 1);
  const sharesChannel = (target: { readonly channel: string }) => (perChannel.get(target.channel) ?? 0) > 1;
  return { windowMs, findTarget, scope: { enabled: true, sharesChannel } };
}
