import { type CycleDeps, checkAndRecord, runCycle, type WatchTargetSource } from './run-cycle.js';

/**
 * The ways a check is started: one watch now (a webhook, `/overseer check`), tracked for graceful
 * shutdown and skipped while dormant or switched off; and the cron cycle, one at a time in this
 * process, the start-up one included (node-cron's noOverlap only knows its own runs).
 */
export function createChecks(
  deps: CycleDeps & { readonly awake: boolean; readonly track: (work: Promise<unknown>) => void },
) {
  let running: Promise<void> | undefined;
  return {
    check: async (source: WatchTargetSource) => {
      if (!deps.awake || (deps.checksEnabled !== undefined && !(await deps.checksEnabled()))) return false;
      const work = checkAndRecord(deps, source);
      deps.track(work);
      return (await work) !== undefined;
    },
    cycle: async () => {
      if (running) return;
      running = runCycle(deps).catch((error: unknown) => deps.log.error({ err: error }, 'CI cycle failed'));
      await running.finally(() => {
        running = undefined;
      });
    },
  };
}
