import { type FindTarget, type WatchDoc, type WatchTarget, watchDocKey } from '../ci/index.js';
import type { FixForge, Settings, Store } from '../core/ports.js';
import type { DrainDeps } from '../incidents/index.js';
import { approveMerge, approveTask, type DecideDeps, dismissTask, type TaskClick } from './decide-task.js';
import { fixOf } from './fix-of.js';
import { followedTasks } from './follow-fix.js';
import { type OriginateDeps, originateTask } from './originate-task.js';
import { proposeOwed } from './owed-proposals.js';

/** How often each replica looks for owed fix task proposals that came due. */
const OWED_PROPOSALS_TICK_MS = 2_000;

/** The window `maxPerCycle` counts in before the schedule's interval is known. */
const DEFAULT_CYCLE_WINDOW_MS = 5 * 60_000;

export interface FixTasksDeps extends Omit<OriginateDeps, 'fixOf' | 'caps' | 'windowMs'> {
  readonly store: Store;
  /** The configured caps: most tasks opened in one cycle, most open at once. */
  readonly selfHeal: OriginateDeps['caps'];
  /** The schedule's interval, once known: the window `maxPerCycle` counts in. */
  readonly cycleMs: () => number | undefined;
  readonly settings: Settings;
  readonly forge: FixForge;
  readonly approvers: readonly string[];
}

/**
 * Fix tasks wired: proposing a task for an incident (origination) and the job that proposes owed
 * ones, whether a watch follows a fix's
 * pull request (for webhooks), and the people's decisions on a task (for the Slack buttons).
 */
export function createFixTasks(deps: FixTasksDeps) {
  // The watch's own entry (repo, workflow and branch): two watches of one repo keep their own.
  const { maxPerCycle, maxOpenTasks } = deps.selfHeal;
  const originateDeps: OriginateDeps = {
    ...deps,
    caps: { maxPerCycle, maxOpenTasks },
    windowMs: () => deps.cycleMs() ?? DEFAULT_CYCLE_WINDOW_MS,
    fixOf,
  };
  const originate = (target: WatchTarget, incidentId: string) =>
    originateTask(originateDeps, target, incidentId);
  return {
    originate,
    /**
     * Owed proposals that came due (proposal-queue.ts), proposed on whichever replica claims them
     * and delivered through `drain`'s outbox: one cheap claim per tick per replica.
     */
    job: (drain: DrainDeps, findTarget: FindTarget) => ({
      name: 'owed-proposals',
      everyMs: OWED_PROPOSALS_TICK_MS,
      run: () => proposeOwed({ ...drain, originate, findTarget }),
    }),
    /** Whether the watch holds a fix task following a pull request; checked on pull request news. */
    followsFix: async (target: WatchTarget | undefined): Promise<boolean> => {
      if (target === undefined) return false;
      const doc = (await deps.store.get<WatchDoc>(watchDocKey(target.watch)))?.value;
      return doc !== undefined && followedTasks(doc).length > 0;
    },
    /** The task buttons' use cases, over the outbox's deps and the watches. */
    decisions: (
      drain: Omit<DecideDeps, 'forge' | 'settings' | 'findTarget' | 'approvers'>,
      findTarget: FindTarget,
    ) => {
      const decide: DecideDeps = {
        ...drain,
        forge: deps.forge,
        settings: deps.settings,
        findTarget,
        approvers: deps.approvers,
      };
      return {
        approveTask: (click: TaskClick) => approveTask(decide, click),
        dismissTask: (click: TaskClick, reason: string) => dismissTask(decide, click, reason),
        approveMerge: (click: TaskClick) => approveMerge(decide, click),
      };
    },
  };
}
