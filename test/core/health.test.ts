import { describe, expect, it } from 'vitest';
import {
  createHealth,
  type Health,
  markDependency,
  markWatch,
  readiness,
  stalledFor,
} from '../../src/core/health.js';

const WATCH = { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' };

/** Store, Slack and GitHub each answered once. */
const answered = (health: Health, now = 0) => {
  for (const dependency of ['store', 'slack', 'github'] as const)
    markDependency(health, dependency, true, now);
  return health;
};

describe('readiness', () => {
  it('is not ready until store, Slack and GitHub each answered once', () => {
    const health = createHealth(0, false);
    expect(readiness(health, 1_000)).toEqual({
      ready: false,
      reasons: ['store not checked yet', 'slack not checked yet', 'github not checked yet'],
    });
    markDependency(health, 'store', true, 1_000);
    markDependency(health, 'slack', true, 1_000);
    expect(readiness(health, 1_000).reasons).toEqual(['github not checked yet']);
    markDependency(health, 'github', false, 2_000, 'refused');
    expect(readiness(health, 2_000).reasons).toEqual([
      `github unreachable since ${new Date(2_000).toISOString()}: refused`,
    ]);
    markDependency(health, 'github', true, 3_000);
    expect(readiness(health, 3_000)).toEqual({ ready: true, reasons: [] });
  });

  it('dormant or watching nothing, needs no GitHub answer (none is ever asked); in Socket Mode, needs the socket too', () => {
    const dormant = createHealth(0, true);
    markDependency(dormant, 'store', true, 0);
    markDependency(dormant, 'slack', true, 0);
    expect(readiness(dormant, 1_000)).toEqual({ ready: true, reasons: [] });
    const watchingNothing = createHealth(0, false, { github: false });
    markDependency(watchingNothing, 'store', true, 0);
    markDependency(watchingNothing, 'slack', true, 0);
    expect(readiness(watchingNothing, 1_000).ready).toBe(true);
    const socket = answered(createHealth(0, false, { socket: true }));
    expect(readiness(socket, 1_000).reasons).toEqual(['slack-socket not checked yet']);
  });

  it('is ready when nothing failed and the loop completed a cycle recently', () => {
    const health = answered(createHealth(0, false));
    health.cycle.intervalMs = 60_000;
    health.cycle.lastCompletedAt = 100_000;
    expect(readiness(health, 150_000)).toEqual({ ready: true, reasons: [] });
  });

  it('counts watches whose CI is unknown, since the earliest, without naming their repos', () => {
    const health = answered(createHealth(0, false));
    markWatch(health, WATCH, false, 1_000, 'http 502');
    markWatch(health, WATCH, false, 5_000, 'http 502');
    const ready = readiness(health, 6_000);
    expect(ready.ready).toBe(false);
    expect(ready.reasons).toEqual([`CI of 1 watch unknown since ${new Date(1_000).toISOString()}`]);
    markWatch(health, { ...WATCH, repo: 'acme/gadgets' }, false, 3_000, 'http 502');
    expect(readiness(health, 6_000).reasons).toEqual([
      `CI of 2 watches unknown since ${new Date(1_000).toISOString()}`,
    ]);
    expect(JSON.stringify(readiness(health, 6_000))).not.toContain('acme');
    markWatch(health, WATCH, true, 7_000);
    markWatch(health, { ...WATCH, repo: 'acme/gadgets' }, true, 7_000);
    expect(readiness(health, 7_000).ready).toBe(true);
  });

  it('names an unreachable dependency and its cause', () => {
    const health = answered(createHealth(0, true));
    markDependency(health, 'store', false, 2_000, 'refused');
    expect(readiness(health, 3_000).reasons).toEqual([
      `store unreachable since ${new Date(2_000).toISOString()}: refused`,
    ]);
  });

  it('calls the loop stalled past twice its interval without a completed cycle, never when dormant', () => {
    const health = createHealth(0, false);
    health.cycle.intervalMs = 10_000;
    expect(stalledFor(health, 20_000)).toBeUndefined();
    expect(stalledFor(health, 20_001)).toBe(20_001);
    health.cycle.lastCompletedAt = 15_000;
    expect(stalledFor(health, 30_000)).toBeUndefined();
    answered(health);
    expect(readiness(health, 40_000).reasons).toEqual(['CI check loop stalled: no cycle completed for 25s']);
    const dormant = createHealth(0, true);
    dormant.cycle.intervalMs = 10_000;
    expect(stalledFor(dormant, 1_000_000)).toBeUndefined();
  });

  it('a slot handed to another replica keeps the loop alive; nothing at all for twice the interval is a stall', () => {
    const health = createHealth(0, false);
    health.cycle.intervalMs = 10_000;
    health.cycle.lastCompletedAt = 5_000;
    // The other replicas won the next slots: this process completed nothing, and is not stalled.
    health.cycle.lastHandedOffAt = 35_000;
    expect(stalledFor(health, 40_000)).toBeUndefined();
    expect(stalledFor(health, 55_000)).toBeUndefined();
    // Neither a cycle nor a handed-off slot for more than twice the interval: stalled since then.
    expect(stalledFor(health, 55_001)).toBe(20_001);
    health.cycle.lastCompletedAt = 60_000;
    expect(stalledFor(health, 70_000)).toBeUndefined();
  });
});
