import { mayOpen, type OpenCaps } from '../ci/domain/may-open.js';
import type { Store } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';

/**
 * The one document every replica opens fix tasks through, so the caps hold across all repos and
 * replicas (a compare-and-set on it decides): which tasks are open, and how many were opened in
 * the current cycle window. A task's own record lives with its incident in the watch document.
 */
export interface TaskBook {
  readonly open: readonly BookEntry[];
  readonly window?: { readonly start: number; readonly opened: number };
  /** Numbers task IDs (`T-1`, `T-2`, …) so people can name them. */
  readonly nextNumber: number;
}

export interface BookEntry {
  readonly taskId: string;
  readonly incidentId: string;
  readonly watchKey: string;
  readonly openedAt: number;
}

export const TASK_BOOK_KEY = 'fix-tasks';
const EMPTY_BOOK: TaskBook = { open: [], nextNumber: 1 };

export type Reservation =
  | { readonly ok: true; readonly taskId: string }
  /**
   * `heldSince`: the incident's place is taken already (a task being recorded, or one lost to a
   * crash), since then; such a place is freed at `heldSince + RESERVATION_GRACE_MS` at the latest.
   */
  | { readonly ok: false; readonly reason: string; readonly heldSince?: number };

/**
 * Takes a place for a new task of `incidentId` if the caps allow one: at most `maxOpenTasks` open,
 * at most `maxPerCycle` opened in the cycle window that `now` falls in, one open per incident.
 */
export async function reserveTask(
  store: Store,
  request: {
    readonly incidentId: string;
    readonly watchKey: string;
    readonly now: number;
    readonly windowMs: number;
    readonly caps: OpenCaps;
  },
): Promise<Reservation> {
  let outcome: Reservation = { ok: false, reason: 'not decided' };
  const start = Math.floor(request.now / request.windowMs) * request.windowMs;
  await updateDoc(store, TASK_BOOK_KEY, EMPTY_BOOK, (book) => {
    const opened = book.window?.start === start ? book.window.opened : 0;
    const held = book.open.find((entry) => entry.incidentId === request.incidentId);
    const allowed = mayOpen(
      { openTasks: book.open.length, openedThisCycle: opened, incidentHasOpenTask: held !== undefined },
      request.caps,
    );
    if (!allowed.ok) {
      outcome = held === undefined ? allowed : { ...allowed, heldSince: held.openedAt };
      return undefined;
    }
    const taskId = `T-${book.nextNumber}`;
    outcome = { ok: true, taskId };
    const entry = {
      taskId,
      incidentId: request.incidentId,
      watchKey: request.watchKey,
      openedAt: request.now,
    };
    return {
      open: [...book.open, entry],
      window: { start, opened: opened + 1 },
      nextNumber: book.nextNumber + 1,
    };
  });
  return outcome;
}

/**
 * A place is never given up this soon after it was taken: the task it was taken for may not be in
 * its watch document yet (another replica is between the two writes).
 */
export const RESERVATION_GRACE_MS = 2 * 60_000;

/**
 * Gives up the places of `watchKey`'s tasks that are no longer open (`openTaskIds` reads which
 * are, from a fresh read of the watch document). Also frees the place of a task whose opening was
 * never recorded (a crash between the two writes) once the grace period is over.
 */
export async function releaseTasks(
  store: Store,
  watchKey: string,
  openTaskIds: () => Promise<ReadonlySet<string>>,
  now: number,
): Promise<void> {
  const held = (entry: BookEntry) =>
    entry.watchKey === watchKey && now - entry.openedAt >= RESERVATION_GRACE_MS;
  const book = (await store.get<TaskBook>(TASK_BOOK_KEY))?.value;
  // The usual case, no task of this watch in the book, costs one read.
  if (!book?.open.some(held)) return;
  const open = await openTaskIds();
  const gone = (entry: BookEntry) => held(entry) && !open.has(entry.taskId);
  if (!book.open.some(gone)) return;
  await updateDoc(store, TASK_BOOK_KEY, EMPTY_BOOK, (current) => {
    const open = current.open.filter((entry) => !gone(entry));
    return open.length === current.open.length ? undefined : { ...current, open };
  });
}

/** Gives up the place taken for `taskId` at once: its task was never recorded. */
export async function dropReservation(store: Store, taskId: string): Promise<void> {
  await updateDoc(store, TASK_BOOK_KEY, EMPTY_BOOK, (current) => {
    const open = current.open.filter((entry) => entry.taskId !== taskId);
    return open.length === current.open.length ? undefined : { ...current, open };
  });
}
