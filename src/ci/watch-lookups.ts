import { watchKey } from '../core/domain/types.js';
import type { FindTarget } from './incident-action.js';
import type { WatchTargetSource } from './run-cycle.js';
import type { WatchTarget } from './watch-target.js';

/**
 * The watch a key names. Right after a restart a default branch may not be resolved yet; dormant
 * (`awake` false), GitHub is never asked.
 */
export function findTargetIn(sources: readonly WatchTargetSource[], awake: boolean): FindTarget {
  return async (key: string) => {
    for (const source of sources) {
      let target = source.peek();
      if (target === undefined && awake) target = await source.resolve().catch(() => undefined);
      if (target && watchKey(target.watch) === key) return target;
    }
    return undefined;
  };
}

/**
 * The watches whose incidents go to `channel`: an incident thread is looked for in their
 * documents only (find-thread-incident.ts), so a channel no watch posts to costs no read.
 */
export function targetsInChannel(sources: readonly WatchTargetSource[], awake: boolean) {
  return async (channel: string): Promise<WatchTarget[]> => {
    const found: WatchTarget[] = [];
    for (const source of sources) {
      if (source.channel !== channel) continue;
      let target = source.peek();
      if (target === undefined && awake) target = await source.resolve().catch(() => undefined);
      if (target) found.push(target);
    }
    return found;
  };
}
