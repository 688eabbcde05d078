import { allSlots, type IncidentSlot, WATCH_DOC_PREFIX, type WatchDoc } from '../ci/index.js';
import type { Clock, Log, Store } from '../core/ports.js';
import type { FixTask } from '../fix-tasks/domain/fix-task.js';
import type { Incident } from '../incidents/domain/incident.js';

/** What `/overseer working-on` can be asked about. */
export type WorkQuery =
  | { readonly kind: 'task'; readonly taskId: string }
  | { readonly kind: 'incident'; readonly incidentId: string }
  /** A pull request or issue: they share one number space per repo. */
  | { readonly kind: 'github'; readonly repo: string; readonly number: number };

/** Which of a task's GitHub references matched: its fix PR, its issue, or the PR reverting it. */
export type RefRole = 'pr' | 'issue' | 'revertPr';

export type WorkingOn =
  | {
      readonly kind: 'task';
      readonly task: FixTask;
      readonly incident: Incident;
      /** Set when the question named one of the task's pull requests or issues. */
      readonly matched?: RefRole;
      readonly now: number;
    }
  | { readonly kind: 'incident'; readonly incident: Incident; readonly task?: FixTask; readonly now: number }
  | { readonly kind: 'not-found'; readonly query: WorkQuery }
  | { readonly kind: 'unreadable'; readonly cause: 'store unreachable' | 'store error' };

const ROLES: readonly RefRole[] = ['pr', 'issue', 'revertPr'];

function refRole(task: FixTask, query: Extract<WorkQuery, { kind: 'github' }>): RefRole | undefined {
  if (task.watch.repo.toLowerCase() !== query.repo.toLowerCase()) return undefined;
  return ROLES.find((role) => task.refs[role]?.number === query.number);
}

/** The answer from the incidents and tasks held: the newest match wins. */
function answer(slots: readonly IncidentSlot[], query: WorkQuery, now: number): WorkingOn {
  const newestFirst = [...slots].sort((a, b) => b.incident.since - a.incident.since);
  for (const { incident, task } of newestFirst) {
    switch (query.kind) {
      case 'incident':
        if (incident.id.toLowerCase() === query.incidentId.toLowerCase())
          return { kind: 'incident', incident, ...(task ? { task } : {}), now };
        break;
      case 'task':
        if (task?.id === query.taskId) return { kind: 'task', task, incident, now };
        break;
      case 'github': {
        const matched = task && refRole(task, query);
        if (task && matched) return { kind: 'task', task, incident, matched, now };
        break;
      }
    }
  }
  return { kind: 'not-found', query };
}

/**
 * `/overseer working-on`: is this task, incident, pull request or issue being handled, and by whom.
 * Reads every watch document (each holds its current incident, the one before, and any still owed
 * Slack work, with their tasks): only reading, never a guess.
 */
export async function describeWorkingOn(
  deps: { readonly store: Store; readonly clock: Clock; readonly log: Log },
  query: WorkQuery,
): Promise<WorkingOn> {
  let docs: Awaited<ReturnType<typeof deps.store.list<WatchDoc>>>;
  try {
    docs = await deps.store.list<WatchDoc>(WATCH_DOC_PREFIX);
  } catch (error) {
    deps.log.warn({ err: error }, 'Watch documents could not be read for /overseer working-on');
    const down = error instanceof Error && error.name === 'StoreUnavailableError';
    return { kind: 'unreadable', cause: down ? 'store unreachable' : 'store error' };
  }
  return answer(
    docs.flatMap(({ value }) => allSlots(value)),
    query,
    deps.clock.now(),
  );
}
