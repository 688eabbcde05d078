import type { WatchRef } from './domain/types.js';
import { watchKey } from './domain/types.js';

export interface DependencyState {
  /** False until the dependency first answered or failed; `since` is then when watching began. */
  readonly checked: boolean;
  readonly ok: boolean;
  /** When it last changed between unchecked, ok and failing (epoch ms). */
  readonly since: number;
  /** Why it failed, classified (`dns`, `refused`, `timeout`, `http 502`…): never raw error text. */
  readonly cause?: string;
}

export interface WatchHealth extends DependencyState {
  readonly watch: WatchRef;
  readonly lastCheckedAt?: number;
}

/** `slack-socket` is the Socket Mode connection (buttons and commands); `slack` the Web API. */
export type Dependency = 'github' | 'slack' | 'slack-socket' | 'store';

/**
 * What this process knows of its dependencies and its loop, for /readyz, /overseer status and
 * the metrics. In memory on purpose: each replica reports its own view.
 */
export interface Health {
  readonly startedAt: number;
  /** Only the dependencies this process needs: `github` not when dormant, `slack-socket` only in Socket Mode. */
  readonly dependencies: Partial<Record<Dependency, DependencyState>>;
  readonly watches: Map<string, WatchHealth>;
  cycle: {
    lastStartedAt?: number;
    lastCompletedAt?: number;
    /**
     * When a slot of the schedule last went to another replica (it claimed the slot in the shared
     * store): this process's loop is alive, and the cycle is that replica's to run.
     */
    lastHandedOffAt?: number;
    intervalMs?: number;
    dormant: boolean;
  };
}

/**
 * Every needed dependency starts unchecked, so /readyz is not ready before store, Slack and GitHub
 * each answered once. Dormant (OVERSEER_SELF_HEAL_ENABLED off) no GitHub call is ever made, and
 * neither is one with nothing watched, so GitHub is then not needed for readiness: waiting for an
 * answer that never comes would keep the bot unready forever. The socket is needed in Socket Mode.
 */
export function createHealth(
  now: number,
  dormant: boolean,
  needs: { readonly github?: boolean; readonly socket?: boolean } = {},
): Health {
  const unchecked: DependencyState = { checked: false, ok: false, since: now };
  const needed: Dependency[] = ['store', 'slack'];
  if (needs.socket === true) needed.push('slack-socket');
  if (needs.github ?? !dormant) needed.push('github');
  return {
    startedAt: now,
    dependencies: Object.fromEntries(needed.map((name) => [name, unchecked])),
    watches: new Map(),
    cycle: { dormant },
  };
}

function moved(
  previous: DependencyState | undefined,
  ok: boolean,
  now: number,
  cause?: string,
): DependencyState {
  const since = previous?.checked && previous.ok === ok ? previous.since : now;
  return ok || cause === undefined ? { checked: true, ok, since } : { checked: true, ok, since, cause };
}

export function markDependency(
  health: Health,
  dependency: Dependency,
  ok: boolean,
  now: number,
  cause?: string,
) {
  health.dependencies[dependency] = moved(health.dependencies[dependency], ok, now, cause);
}

export function markWatch(health: Health, watch: WatchRef, ok: boolean, now: number, cause?: string) {
  const key = watchKey(watch);
  const state = moved(health.watches.get(key), ok, now, cause);
  health.watches.set(key, { ...state, watch, lastCheckedAt: now });
}

export interface Readiness {
  readonly ready: boolean;
  readonly reasons: readonly string[];
}

/**
 * Ready once every needed dependency answered, when each answered at its last use, and while the
 * loop is not stalled. Reasons name a dependency and a classified cause, and count watches
 * without naming them: /readyz is often public, the logs carry the detail.
 */
export function readiness(health: Health, now: number): Readiness {
  const reasons: string[] = [];
  for (const [name, state] of Object.entries(health.dependencies)) {
    if (!state.checked) reasons.push(`${name} not checked yet`);
    else if (!state.ok)
      reasons.push(
        `${name} unreachable since ${new Date(state.since).toISOString()}: ${state.cause ?? 'error'}`,
      );
  }
  const unknown = [...health.watches.values()].filter((state) => !state.ok);
  if (unknown.length > 0) {
    const since = Math.min(...unknown.map((state) => state.since));
    const watches = unknown.length === 1 ? '1 watch' : `${unknown.length} watches`;
    reasons.push(`CI of ${watches} unknown since ${new Date(since).toISOString()}`);
  }
  const stalled = stalledFor(health, now);
  if (stalled !== undefined)
    reasons.push(`CI check loop stalled: no cycle completed for ${Math.round(stalled / 1000)}s`);
  return { ready: reasons.length === 0, reasons };
}

/**
 * When the loop was last seen alive: a cycle completed here, or a slot handed to another replica
 * (with several replicas each slot runs on one of them, so a replica may win none for a while).
 */
export function loopAliveAt(health: Health): number {
  const { lastCompletedAt, lastHandedOffAt } = health.cycle;
  return Math.max(lastCompletedAt ?? health.startedAt, lastHandedOffAt ?? health.startedAt);
}

/**
 * How long the loop has gone without completing a cycle (or seeing another replica take its slot),
 * when that is past twice its interval.
 */
export function stalledFor(health: Health, now: number): number | undefined {
  const { cycle } = health;
  if (cycle.dormant || cycle.intervalMs === undefined) return undefined;
  const waited = now - loopAliveAt(health);
  return waited > 2 * cycle.intervalMs ? waited : undefined;
}
