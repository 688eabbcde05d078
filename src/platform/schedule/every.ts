import type { Log } from '../../core/ports.js';

export interface Ticker {
  stop(): Promise<void>;
}

/**
 * Runs `run` every `intervalMs`, never two at once in this process (a slow run makes the next
 * tick skip, not pile up). A failed run is logged and the next tick tries again. `stop` waits for
 * the run under way. Replicas need no coordination here: what `run` does is claimed in the store.
 */
export function every(intervalMs: number, name: string, log: Log, run: () => Promise<unknown>): Ticker {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = run()
      .catch((error: unknown) =>
        log.warn({ err: error, task: name }, 'Periodic task failed; next tick retries'),
      )
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
