import { watchKey } from '../domain/types.js';
import { type Health, stalledFor, type WatchHealth } from './health.js';
import type { Clock, Store } from './ports.js';
import type { WatchTargetSource } from './run-cycle.js';
import { type IncidentSlot, type WatchDoc, watchDocKey } from './watch-doc.js';

export interface WatchStatus {
  readonly repo: string;
  readonly workflow: string;
  readonly branch?: string;
  readonly signal: 'green' | 'red' | 'unknown';
  readonly incident?: IncidentSlot['incident'];
  readonly health?: WatchHealth;
  /** Set when the watch's state could not be read: the report says so instead of guessing. */
  readonly unreadable?: string;
}

export interface StatusReport {
  readonly dormant: boolean;
  readonly watches: readonly WatchStatus[];
  readonly health: Health;
  readonly stalledForMs?: number;
  readonly now: number;
}

async function watchStatus(store: Store, health: Health, source: WatchTargetSource): Promise<WatchStatus> {
  const target = source.peek();
  const base = { repo: source.repo, workflow: source.workflow };
  if (target === undefined) return { ...base, signal: 'unknown' };
  const { branch } = target.watch;
  const checked = health.watches.get(watchKey(target.watch));
  const withHealth = { ...base, branch, ...(checked ? { health: checked } : {}) };
  try {
    const doc = (await store.get<WatchDoc>(watchDocKey(target.watch)))?.value;
    if (doc === undefined) return { ...withHealth, signal: 'unknown' };
    const incident = doc.current?.incident;
    return { ...withHealth, signal: doc.episode.signal, ...(incident ? { incident } : {}) };
  } catch (error) {
    return {
      ...withHealth,
      signal: 'unknown',
      unreadable: error instanceof Error ? error.message : String(error),
    };
  }
}

/** What Overseer is doing right now, from the store and this process's health: never a guess. */
export async function describeStatus(deps: {
  readonly store: Store;
  readonly health: Health;
  readonly clock: Clock;
  readonly sources: () => readonly WatchTargetSource[];
}): Promise<StatusReport> {
  const now = deps.clock.now();
  const watches = await Promise.all(
    deps.sources().map((source) => watchStatus(deps.store, deps.health, source)),
  );
  const stalled = stalledFor(deps.health, now);
  return {
    dormant: deps.health.cycle.dormant,
    watches,
    health: deps.health,
    ...(stalled === undefined ? {} : { stalledForMs: stalled }),
    now,
  };
}
