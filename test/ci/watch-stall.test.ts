import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchStall } from '../../src/ci/watch-stall.js';
import { createHealth } from '../../src/core/health.js';

describe('watchStall', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('logs a stall once when it starts and once when the loop runs again', () => {
    vi.useFakeTimers();
    let now = 0;
    const health = createHealth(0, false);
    health.cycle.intervalMs = 1_000;
    const lines: string[] = [];
    const log = {
      debug: () => {},
      info: (_: object, message: string) => lines.push(`info ${message}`),
      warn: () => {},
      error: (_: object, message: string) => lines.push(`error ${message}`),
    };
    const stop = watchStall(health, { now: () => now }, log, 1_000);
    for (const at of [1_000, 2_000, 3_000, 4_000, 5_000]) {
      now = at;
      vi.advanceTimersByTime(1_000);
    }
    expect(lines).toEqual(['error CI check loop stalled']);
    health.cycle.lastCompletedAt = 5_500;
    now = 6_000;
    vi.advanceTimersByTime(1_000);
    expect(lines).toEqual(['error CI check loop stalled', 'info CI check loop running again']);
    stop();
  });
});
