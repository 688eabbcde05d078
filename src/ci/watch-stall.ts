import { type Health, stalledFor } from '../core/health.js';
import type { Clock, Log } from '../core/ports.js';

/**
 * Logs when the CI check loop stalls (no cycle completed for more than twice its interval) and when
 * it recovers, once each. /readyz and the `overseer_cycle_stalled` metric read the same state.
 */
export function watchStall(health: Health, clock: Clock, log: Log, everyMs: number): () => void {
  let stalled = false;
  const timer = setInterval(() => {
    const waited = stalledFor(health, clock.now());
    if (waited !== undefined && !stalled) {
      stalled = true;
      log.error({ stalledForMs: waited, intervalMs: health.cycle.intervalMs }, 'CI check loop stalled');
    } else if (waited === undefined && stalled) {
      stalled = false;
      log.info({}, 'CI check loop running again');
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
