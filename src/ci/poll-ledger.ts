import { type WatchRef, watchKey } from '../core/domain/types.js';
import type { CiProvider } from '../core/ports.js';
import type { PollWatch } from './domain/plan-polling.js';
import type { PollMarks } from './domain/poll-marks.js';

/** A configured watch as the ledger knows it (a Watched). */
interface Watched {
  peek(): { readonly watch: WatchRef } | undefined;
}

interface Entry {
  lookedAt?: number;
  heardAt?: number;
}

/**
 * What this process saw of each watch's polling: when it was last looked at, when a webhook last
 * spoke for it, how many pages of runs its last look read; the polling planner's input. In memory
 * on purpose: after a restart every watch is looked at again, within the budget. One entry per
 * configured watch, so it holds as many entries as there are watches. `marks` and `adopt` carry
 * the looks and webhooks to and from other replicas (`share-poll-ledger.ts`).
 */
export function createPollLedger(sources: readonly Watched[]) {
  const entries = new Map<Watched, Entry>(sources.map((source) => [source, {}]));
  /** Pages of runs read by the latest look, by watch key (repo, workflow, branch). */
  const pages = new Map<string, number>();
  let maxPages: number | undefined;
  const entry = (source: Watched): Entry => {
    let found = entries.get(source);
    if (found === undefined) {
      found = {};
      entries.set(source, found);
    }
    return found;
  };
  return {
    looked(source: Watched, now: number): void {
      entry(source).lookedAt = now;
    },
    heard(source: Watched, now: number): void {
      entry(source).heardAt = now;
    },
    /** Each watch's look and webhook times, by watch key (a watch whose branch is not known yet has none). */
    marks(): PollMarks {
      const marks: Record<string, { l?: number; h?: number }> = {};
      for (const [source, { lookedAt, heardAt }] of entries) {
        const target = source.peek();
        if (target === undefined || (lookedAt === undefined && heardAt === undefined)) continue;
        marks[watchKey(target.watch)] = {
          ...(lookedAt === undefined ? {} : { l: lookedAt }),
          ...(heardAt === undefined ? {} : { h: heardAt }),
        };
      }
      return marks;
    },
    /** Takes the later of its own and `marks`' times for each watch it knows (other replicas' looks). */
    adopt(marks: PollMarks): void {
      for (const [source, found] of entries) {
        const target = source.peek();
        const mark = target === undefined ? undefined : marks[watchKey(target.watch)];
        if (mark === undefined) continue;
        if (mark.l !== undefined && (found.lookedAt === undefined || found.lookedAt < mark.l))
          found.lookedAt = mark.l;
        if (mark.h !== undefined && (found.heardAt === undefined || found.heardAt < mark.h))
          found.heardAt = mark.h;
      }
    },
    /** Limits the run-list pages one look reads (the plan's `maxPages`); undefined: no limit of its own. */
    limitPages(limit: number | undefined): void {
      maxPages = limit;
    },
    /** The planner's view of `sources`, keyed by their position in the list. */
    watches(list: readonly Watched[]): PollWatch[] {
      return list.map((source, i) => {
        const { lookedAt, heardAt } = entry(source);
        const target = source.peek();
        const read = target === undefined ? undefined : pages.get(watchKey(target.watch));
        return {
          key: String(i),
          ...(lookedAt === undefined ? {} : { lookedAt }),
          ...(heardAt === undefined ? {} : { heardAt }),
          ...(read === undefined ? {} : { pages: read }),
        };
      });
    },
    /**
     * The CI provider with each look's pages counted, and a look stopped at the page limit the
     * plan set (it then reads as GitHub having no more pages: no signal, the next look tries again).
     */
    countPages<C extends Pick<CiProvider, 'listRuns'>>(ci: C): C {
      return {
        ...ci,
        listRuns: async (watch, page) => {
          if (maxPages !== undefined && page > maxPages) return { runs: [], more: false };
          pages.set(watchKey(watch), page);
          return ci.listRuns(watch, page);
        },
      };
    },
  };
}

export type PollLedger = ReturnType<typeof createPollLedger>;
