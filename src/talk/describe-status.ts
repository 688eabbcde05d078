import type { WatchTargetSource } from '../ci/index.js';
import { type IncidentSlot, type WatchDoc, watchDocKey } from '../ci/index.js';
import { watchKey } from '../core/domain/types.js';
import { type Health, stalledFor, type WatchHealth } from '../core/health.js';
import type { Clock, Settings, SettingsRead, Store } from '../core/ports.js';
import type { FixTask } from '../fix-tasks/domain/fix-task.js';
import { isOpen } from '../fix-tasks/domain/fix-task-lifecycle.js';
import type { SetAside } from '../incidents/index.js';

export interface WatchStatus {
  readonly repo: string;
  readonly workflow: string;
  readonly branch?: string;
  readonly channel: string;
  readonly signal: 'green' | 'red' | 'unknown';
  /** The commit the verdict stands on and when its run finished (epoch ms). */
  readonly standsOn?: { readonly sha: string; readonly at: number };
  /** Commits newer than `standsOn` whose runs were still queued or running at the last look. */
  readonly newerRunning?: number;
  readonly incident?: IncidentSlot['incident'];
  /** The open fix task of the watch's current incident, if any. */
  readonly task?: FixTask;
  readonly health?: WatchHealth;
  /** Slack deliveries refused for good and set aside, newest first (set-aside.ts). */
  readonly setAside?: readonly SetAside[];
  /** Set when the watch's state could not be read: the report says so instead of guessing. */
  readonly unreadable?: 'store unreachable' | 'store error';
}

export interface StatusReport {
  readonly dormant: boolean;
  /** The pause in force and the opt-ins, or why they could not be read. */
  readonly settings: SettingsRead;
  /** Set when the report was limited to one channel's watches. */
  readonly channel?: string;
  readonly watches: readonly WatchStatus[];
  readonly health: Health;
  readonly stalledForMs?: number;
  readonly now: number;
}

async function watchStatus(store: Store, health: Health, source: WatchTargetSource): Promise<WatchStatus> {
  const target = source.peek();
  const base = { repo: source.repo, workflow: source.workflow, channel: source.channel };
  if (target === undefined) return { ...base, signal: 'unknown' };
  const { branch } = target.watch;
  const checked = health.watches.get(watchKey(target.watch));
  const withHealth = { ...base, branch, ...(checked ? { health: checked } : {}) };
  try {
    const doc = (await store.get<WatchDoc>(watchDocKey(target.watch)))?.value;
    if (doc === undefined) return { ...withHealth, signal: 'unknown' };
    const incident = doc.current?.incident;
    const task = doc.current?.task;
    const { stand, newerRunning } = doc.episode;
    return {
      ...withHealth,
      signal: doc.episode.signal,
      ...(incident ? { incident } : {}),
      ...(task && isOpen(task) ? { task } : {}),
      ...(stand ? { standsOn: { sha: stand.sha, at: stand.at } } : {}),
      ...(newerRunning ? { newerRunning } : {}),
      ...(doc.setAside?.length ? { setAside: doc.setAside } : {}),
    };
  } catch (error) {
    // The person asking gets the kind of failure; the log has the detail.
    const down = error instanceof Error && error.name === 'StoreUnavailableError';
    return { ...withHealth, signal: 'unknown', unreadable: down ? 'store unreachable' : 'store error' };
  }
}

/**
 * What Overseer is doing right now, from the store and this process's health: never a guess.
 * `channel` limits the report to the watches whose incidents go to that channel (a status asked
 * in a channel answers for that channel); without it every watch is reported.
 */
export async function describeStatus(
  deps: {
    readonly store: Store;
    readonly health: Health;
    readonly clock: Clock;
    readonly settings: Settings;
    readonly sources: () => readonly WatchTargetSource[];
  },
  scope: { readonly channel?: string } = {},
): Promise<StatusReport> {
  const now = deps.clock.now();
  const sources = deps
    .sources()
    .filter((source) => scope.channel === undefined || source.channel === scope.channel);
  const [settings, watches] = await Promise.all([
    deps.settings.read(),
    Promise.all(sources.map((source) => watchStatus(deps.store, deps.health, source))),
  ]);
  const stalled = stalledFor(deps.health, now);
  return {
    dormant: deps.health.cycle.dormant,
    settings,
    ...(scope.channel === undefined ? {} : { channel: scope.channel }),
    watches,
    health: deps.health,
    ...(stalled === undefined ? {} : { stalledForMs: stalled }),
    now,
  };
}
