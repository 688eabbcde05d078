import { type WatchRef, watchKey } from '../core/domain/types.js';
import type { Store } from '../core/ports.js';
import {
  type Figures,
  type Period,
  periodsEnding,
  redByDay,
  reportFigures,
} from './domain/report-figures.js';
import { readHistory } from './read-history.js';

/** A watch a report covers: its branch may not be resolved yet (then any branch of it counts). */
export interface ReportWatch {
  readonly repo: string;
  readonly workflow: string;
  readonly branch?: string;
}

/** The periods a report may cover, in days. */
export const REPORT_DAYS = [7, 14, 30] as const;

export interface Report {
  readonly days: number;
  readonly watches: readonly ReportWatch[];
  readonly figures: Figures;
  /** The same figures for the period just before, for the change (▲▼). */
  readonly before: Figures;
  /** Red time per watch (by `watchLabel`) per UTC day of the period, for the chart. */
  readonly redDays: ReturnType<typeof redByDay>;
}

export type ReportOutcome =
  | { readonly ok: true; readonly report: Report }
  | { readonly ok: false; readonly cause: 'store unreachable' | 'store error' };

/** `acme/widgets` alone, or `acme/widgets ci.yml` when the repo has several watches in the report. */
export function watchLabel(watch: ReportWatch, all: readonly ReportWatch[]): string {
  const same = all.filter((other) => other.repo.toLowerCase() === watch.repo.toLowerCase());
  return same.length > 1 ? `${watch.repo} ${watch.workflow}` : watch.repo;
}

function covers(watch: ReportWatch, ref: WatchRef): boolean {
  return (
    watch.repo.toLowerCase() === ref.repo.toLowerCase() &&
    watch.workflow === ref.workflow &&
    (watch.branch === undefined || watch.branch === ref.branch)
  );
}

/**
 * The CI health report of `watches` over the `days` days ending at `now`, and the period before:
 * one read of the history's day buckets and the watch documents for both.
 */
export async function buildReport(
  store: Store,
  watches: readonly ReportWatch[],
  days: number,
  now: number,
): Promise<ReportOutcome> {
  const periods = periodsEnding(now, days);
  const keep = (ref: WatchRef) => watches.some((watch) => covers(watch, ref));
  let records: Awaited<ReturnType<typeof readHistory>>;
  try {
    records = await readHistory(store, periods.before.start, now, keep);
  } catch (error) {
    const down = error instanceof Error && error.name === 'StoreUnavailableError';
    return { ok: false, cause: down ? 'store unreachable' : 'store error' };
  }
  const labels = [...new Set(watches.map((watch) => watchLabel(watch, watches)))];
  const labelOf = (ref: WatchRef) => {
    const watch = watches.find((held) => covers(held, ref));
    return watch === undefined ? watchKey(ref) : watchLabel(watch, watches);
  };
  const period: Period = periods.now;
  return {
    ok: true,
    report: {
      days,
      watches,
      figures: reportFigures(records, period, watches.length),
      before: reportFigures(records, periods.before, watches.length),
      redDays: redByDay(records, period, labels, labelOf),
    },
  };
}
