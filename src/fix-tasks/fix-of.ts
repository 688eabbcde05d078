import type { WatchTarget } from '../ci/index.js';
import type { FixSettings } from './fix-remedy.js';

/**
 * How a watch's red CI is remedied: its own config entry's `fix` (entries are one repo, workflow
 * and branch each, so two watches of one repo never share a strategy), or `rerun`.
 */
export function fixOf(target: WatchTarget): FixSettings {
  return target.fix ?? { strategy: 'rerun' };
}
