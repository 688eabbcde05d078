import { pino } from 'pino';
import type { CheckDeps } from '../../src/check-watch.js';
import type { WatchTarget } from '../../src/ci/watch-target.js';
import type { DecideDeps } from '../../src/fix-tasks/decide-task.js';
import type { FixSettings } from '../../src/fix-tasks/fix-remedy.js';
import { originateTask } from '../../src/fix-tasks/originate-task.js';
import { createSettings } from '../../src/settings/settings.js';
import type { AppHarness, HarnessDeps } from './app-harness.js';

export interface FixTaskOptions {
  readonly approvers: readonly string[];
  /** The repo's `fix` settings; rerun by default. */
  readonly fix?: FixSettings;
  readonly originate?: boolean;
  readonly maxPerCycle?: number;
  readonly maxOpenTasks?: number;
  /** How a click's incident finds its watch; the harness's one watch by default. */
  readonly findTarget?: (key: string) => Promise<WatchTarget | undefined>;
}

/**
 * The use cases' dependencies with fix tasks on, on `deps`' store (a replica's own, or the
 * harness's): a check proposes tasks as the bot does, and the decisions (approve, merge, dismiss)
 * read the same settings.
 */
export function fixTaskDeps(
  app: AppHarness,
  deps: HarnessDeps,
  options: FixTaskOptions,
): DecideDeps & CheckDeps {
  const log = pino({ level: 'silent' });
  const settings = createSettings({
    store: deps.store,
    clock: app.clock,
    log,
    defaults: { enabled: true, originate: options.originate ?? true },
  });
  return {
    ...deps,
    originate: (target, incidentId) =>
      originateTask(
        {
          store: deps.store,
          settings,
          clock: app.clock,
          log,
          caps: { maxPerCycle: options.maxPerCycle ?? 1, maxOpenTasks: options.maxOpenTasks ?? 3 },
          windowMs: () => 5 * 60_000,
          fixOf: () => options.fix ?? { strategy: 'rerun' },
          forge: deps.forge,
        },
        target,
        incidentId,
      ),
    settings,
    findTarget: options.findTarget ?? (async () => app.target),
    approvers: [...options.approvers],
  };
}
