import { type FindTarget, type WatchDoc, type WatchTarget, watchDocKey } from '../ci/index.js';
import type { FixForge, Settings, Store } from '../core/ports.js';
import { approveMerge, approveTask, type DecideDeps, dismissTask, type TaskClick } from './decide-task.js';
import { fixOf } from './fix-of.js';
import { followedTasks } from './follow-fix.js';
import { type OriginateDeps, originateTask } from './originate-task.js';

export interface FixTasksDeps extends Omit<OriginateDeps, 'fixOf'> {
  readonly store: Store;
  readonly settings: Settings;
  readonly forge: FixForge;
  readonly approvers: readonly string[];
}

/**
 * Fix tasks wired: proposing a task for an incident (origination), whether a watch follows a fix's
 * pull request (for webhooks), and the people's decisions on a task (for the Slack buttons).
 */
export function createFixTasks(deps: FixTasksDeps) {
  // The watch's own entry (repo, workflow and branch): two watches of one repo keep their own.
  const originateDeps: OriginateDeps = { ...deps, fixOf };
  return {
    originate: (target: WatchTarget, incidentId: string) => originateTask(originateDeps, target, incidentId),
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
