import type { WatchRef } from '../domain/types.js';
import { watchKey } from '../domain/types.js';

export interface DependencyState {
  readonly ok: boolean;
  /** When it last changed between ok and failing (epoch ms). */
  readonly since: number;
  readonly lastError?: string;
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
  readonly dependencies: Record<Dependency, DependencyState>;
  readonly watches: Map<string, WatchHealth>;
  cycle: { lastStartedAt?: number; lastCompletedAt?: number; intervalMs?: number; dormant: boolean };
}

export function createHealth(now: number, dormant: boolean): Health {
  const fresh: DependencyState = { ok: true, since: now };
  return {
    startedAt: now,
    dependencies: { github: fresh, slack: fresh, 'slack-socket': fresh, store: fresh },
    watches: new Map(),
    cycle: { dormant },
  };
}

function moved(
  previous: DependencyState | undefined,
  ok: boolean,
  now: number,
  error?: string,
): DependencyState {
  const since = previous && previous.ok === ok ? previous.since : now;
  return ok || error === undefined ? { ok, since } : { ok, since, lastError: error };
}

export function markDependency(
  health: Health,
  dependency: Dependency,
  ok: boolean,
  now: number,
  error?: string,
) {
  health.dependencies[dependency] = moved(health.dependencies[dependency], ok, now, error);
}

export function markWatch(health: Health, watch: WatchRef, ok: boolean, now: number, error?: string) {
  const key = watchKey(watch);
  const state = moved(health.watches.get(key), ok, now, error);
  health.watches.set(key, { ...state, watch, lastCheckedAt: now });
}

export interface Readiness {
  readonly ready: boolean;
  readonly reasons: readonly string[];
}

/** Ready when store, Slack and GitHub answered at their last use and the loop is not stalled. */
export function readiness(health: Health, now: number): Readiness {
  const reasons: string[] = [];
  for (const [name, state] of Object.entries(health.dependencies)) {
    if (state.ok) continue;
    reasons.push(
      `${name} unreachable since ${new Date(state.since).toISOString()}: ${state.lastError ?? 'error'}`,
    );
  }
  for (const state of health.watches.values()) {
    if (state.ok) continue;
    const { repo, workflow, branch } = state.watch;
    reasons.push(
      `CI of ${repo} ${workflow} on ${branch} unknown since ${new Date(state.since).toISOString()}`,
    );
  }
  const stalled = stalledFor(health, now);
  if (stalled !== undefined)
    reasons.push(`CI check loop stalled: no cycle completed for ${Math.round(stalled / 1000)}s`);
  return { ready: reasons.length === 0, reasons };
}

/** How long the loop has gone without completing a cycle, when that is past twice its interval. */
export function stalledFor(health: Health, now: number): number | undefined {
  const { cycle } = health;
  if (cycle.dormant || cycle.intervalMs === undefined) return undefined;
  const last = cycle.lastCompletedAt ?? health.startedAt;
  const waited = now - last;
  return waited > 2 * cycle.intervalMs ? waited : undefined;
}
