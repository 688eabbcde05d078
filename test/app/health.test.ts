import { describe, expect, it } from 'vitest';
import { createHealth, markDependency, markWatch, readiness, stalledFor } from '../../src/app/health.js';

const WATCH = { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' };

describe('readiness', () => {
  it('is ready when nothing failed and the loop completed a cycle recently', () => {
    const health = createHealth(0, false);
    health.cycle.intervalMs = 60_000;
    health.cycle.lastCompletedAt = 100_000;
    expect(readiness(health, 150_000)).toEqual({ ready: true, reasons: [] });
  });

  it('names a watch whose CI is unknown, with the time it has been unknown since', () => {
    const health = createHealth(0, false);
    markWatch(health, WATCH, false, 1_000, '502 Bad Gateway');
    markWatch(health, WATCH, false, 5_000, '502 Bad Gateway');
    const ready = readiness(health, 6_000);
    expect(ready.ready).toBe(false);
    expect(ready.reasons).toEqual([
      `CI of acme/widgets ci.yml on main unknown since ${new Date(1_000).toISOString()}`,
    ]);
    markWatch(health, WATCH, true, 7_000);
    expect(readiness(health, 7_000).ready).toBe(true);
  });

  it('names an unreachable dependency', () => {
    const health = createHealth(0, true);
    markDependency(health, 'store', false, 2_000, 'connection refused');
    expect(readiness(health, 3_000).reasons).toEqual([
      `store unreachable since ${new Date(2_000).toISOString()}: connection refused`,
    ]);
  });

  it('calls the loop stalled past twice its interval without a completed cycle, never when dormant', () => {
    const health = createHealth(0, false);
    health.cycle.intervalMs = 10_000;
    expect(stalledFor(health, 20_000)).toBeUndefined();
    expect(stalledFor(health, 20_001)).toBe(20_001);
    health.cycle.lastCompletedAt = 15_000;
    expect(stalledFor(health, 30_000)).toBeUndefined();
    expect(readiness(health, 40_000).reasons).toEqual(['CI check loop stalled: no cycle completed for 25s']);
    const dormant = createHealth(0, true);
    dormant.cycle.intervalMs = 10_000;
    expect(stalledFor(dormant, 1_000_000)).toBeUndefined();
  });
});
