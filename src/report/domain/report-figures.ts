// The CI health report's figures, pure: the episodes in, the figures of one period out. Every
// figure is one a person can count from `/overseer history`; the README says how each is counted.
import { type WatchRef, watchKey } from '../../core/domain/types.js';
import type { EpisodeRecord } from './episode-record.js';
import { DAY_MS, dayOf } from './history-bucket.js';

/** The report's period: from `start` (included) to `end` (excluded), epoch ms. */
export interface Period {
  readonly start: number;
  readonly end: number;
}

/** How many jobs and failures the report lists at most. */
export const TOP = 3;

export interface Counted<T> {
  readonly item: T;
  readonly count: number;
}

export interface Figures {
  readonly period: Period;
  /** Watches reported on: red time is shared over this many watch-periods. */
  readonly watches: number;
  /** Red time of every watch in the period, added up. */
  readonly redMs: number;
  /** `redMs` over the watches' time in the period, 0 to 1. */
  readonly redShare: number;
  /** Episodes that went red in the period. */
  readonly episodes: number;
  /** Episodes red at the period's start, gone red before it. */
  readonly carriedIn: number;
  /** Episodes still red at the period's end. */
  readonly stillRed: number;
  /** Red to green of the episodes that ended in the period: the median and the slowest. */
  readonly toGreen?: {
    readonly medianMs: number;
    readonly slowestMs: number;
    readonly slowest: EpisodeRecord;
  };
  /** Red to acknowledged of the episodes acknowledged in the period. */
  readonly toAck?: { readonly medianMs: number; readonly count: number };
  /** Episodes that ended in the period as flaky (green again at the red commit). */
  readonly flaky: number;
  /** The jobs named most in those flaky episodes, most first. */
  readonly flakedJobs: ReadonlyArray<Counted<string>>;
  /** The failures (fingerprints) of the most episodes that went red in the period, most first. */
  readonly failures: ReadonlyArray<
    Counted<{ readonly fingerprint: string; readonly job: string; readonly line: string }>
  >;
  /** Fix tasks that entered each state in the period. */
  readonly tasks: {
    readonly started: number;
    readonly merged: number;
    readonly verified: number;
    readonly reverted: number;
  };
}

function within(at: number | undefined, period: Period): boolean {
  return at !== undefined && at >= period.start && at < period.end;
}

/** The red time of an episode inside [from, to): still red, it counts up to `to`. */
export function redWithin(record: EpisodeRecord, from: number, to: number): number {
  const { since, resolvedAt } = record.fact;
  const red = Math.min(resolvedAt ?? to, to) - Math.max(since, from);
  return Math.max(0, red);
}

export function median(values: readonly number[]): number | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const high = sorted[middle];
  if (high === undefined) return undefined;
  const low = sorted.length % 2 === 0 ? sorted[middle - 1] : high;
  return low === undefined ? high : (low + high) / 2;
}

function top<T>(counts: Map<string, { item: T; count: number }>): Array<Counted<T>> {
  return [...counts.entries()]
    .sort(([a, x], [b, y]) => y.count - x.count || a.localeCompare(b))
    .slice(0, TOP)
    .map(([, counted]) => counted);
}

function countInto<T>(counts: Map<string, { item: T; count: number }>, key: string, item: T): void {
  const held = counts.get(key);
  counts.set(key, { item: held?.item ?? item, count: (held?.count ?? 0) + 1 });
}

function slowestOf(ended: readonly EpisodeRecord[]): Figures['toGreen'] {
  let slowest: EpisodeRecord | undefined;
  let slowestMs = -1;
  const spans: number[] = [];
  for (const record of ended) {
    const ms = (record.fact.resolvedAt ?? record.fact.since) - record.fact.since;
    spans.push(ms);
    if (ms > slowestMs) [slowest, slowestMs] = [record, ms];
  }
  const medianMs = median(spans);
  return slowest === undefined || medianMs === undefined ? undefined : { medianMs, slowestMs, slowest };
}

function ackOf(records: readonly EpisodeRecord[], period: Period): Figures['toAck'] {
  const spans = records
    .filter(({ fact }) => within(fact.ackAt, period))
    .map(({ fact }) => (fact.ackAt ?? fact.since) - fact.since);
  const medianMs = median(spans);
  return medianMs === undefined ? undefined : { medianMs, count: spans.length };
}

function taskCounts(records: readonly EpisodeRecord[], period: Period): Figures['tasks'] {
  const tasks = records.flatMap(({ fact }) => (fact.task ? [fact.task] : []));
  return {
    started: tasks.filter((task) => within(task.startedAt, period)).length,
    merged: tasks.filter((task) => within(task.mergedAt, period)).length,
    verified: tasks.filter((task) => within(task.verifiedAt, period)).length,
    reverted: tasks.filter((task) => within(task.revertedAt, period)).length,
  };
}

/** Keeps one record per watch and episode (a replica or a restart may have read one twice). */
function distinct(records: readonly EpisodeRecord[]): EpisodeRecord[] {
  const byId = new Map<string, EpisodeRecord>();
  for (const record of records) byId.set(`${watchKey(record.watch)}#${record.fact.episode}`, record);
  return [...byId.values()];
}

/** The figures of `period` over `watches` watches, from every episode red at some time in it. */
export function reportFigures(all: readonly EpisodeRecord[], period: Period, watches: number): Figures {
  const records = distinct(all).filter(
    ({ fact }) =>
      fact.since < period.end && (fact.resolvedAt === undefined || fact.resolvedAt > period.start),
  );
  const redMs = records.reduce((sum, record) => sum + redWithin(record, period.start, period.end), 0);
  const span = Math.max(1, period.end - period.start);
  const ended = records.filter(({ fact }) => within(fact.resolvedAt, period));
  const opened = records.filter(({ fact }) => within(fact.since, period));
  const flaky = ended.filter(({ fact }) => fact.ended === 'flaky');
  const flakedJobs = new Map<string, { item: string; count: number }>();
  for (const { fact } of flaky) for (const job of new Set(fact.flaked ?? [])) countInto(flakedJobs, job, job);
  const failures = new Map<string, { item: Figures['failures'][number]['item']; count: number }>();
  for (const { fact } of opened)
    for (const failure of fact.failures ?? []) countInto(failures, failure.fingerprint, failure);
  const toGreen = slowestOf(ended);
  const toAck = ackOf(records, period);
  return {
    period,
    watches,
    redMs,
    redShare: watches === 0 ? 0 : Math.min(1, redMs / (watches * span)),
    episodes: opened.length,
    carriedIn: records.filter(({ fact }) => fact.since < period.start).length,
    stillRed: records.filter(({ fact }) => fact.resolvedAt === undefined || fact.resolvedAt >= period.end)
      .length,
    ...(toGreen === undefined ? {} : { toGreen }),
    ...(toAck === undefined ? {} : { toAck }),
    flaky: flaky.length,
    flakedJobs: top(flakedJobs),
    failures: top(failures),
    tasks: taskCounts(records, period),
  };
}

/** The period of `days` days that ends at `end`, and the one just before it. */
export function periodsEnding(end: number, days: number): { readonly now: Period; readonly before: Period } {
  const start = end - days * DAY_MS;
  return { now: { start, end }, before: { start: start - days * DAY_MS, end: start } };
}

/** Red time per watch per UTC day of the period, for the chart: every day, zero included. */
export function redByDay(
  records: readonly EpisodeRecord[],
  period: Period,
  labels: readonly string[],
  labelOf: (watch: WatchRef) => string,
): Array<{ readonly watch: string; readonly day: string; readonly redMs: number }> {
  const rows: Array<{ watch: string; day: string; redMs: number }> = [];
  const byLabel = new Map<string, EpisodeRecord[]>();
  for (const record of distinct(records)) {
    const label = labelOf(record.watch);
    byLabel.set(label, [...(byLabel.get(label) ?? []), record]);
  }
  for (let from = Math.floor(period.start / DAY_MS) * DAY_MS; from < period.end; from += DAY_MS) {
    const lo = Math.max(from, period.start);
    const hi = Math.min(from + DAY_MS, period.end);
    for (const watch of labels) {
      const redMs = (byLabel.get(watch) ?? []).reduce((sum, record) => sum + redWithin(record, lo, hi), 0);
      rows.push({ watch, day: dayOf(from), redMs });
    }
  }
  return rows;
}
