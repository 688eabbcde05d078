/**
 * When each watch was last looked at and last heard from (a webhook), by watch key, as the
 * replicas share them: `l` and `h` in epoch ms.
 */
export type PollMarks = Readonly<Record<string, { readonly l?: number; readonly h?: number }>>;

/**
 * A mark older than this says nothing the planner uses: a look is due within the 15-minute floor,
 * and a webhook counts for 6 hours. Dropped, so the shared document holds only live watches.
 */
export const POLL_MARK_TTL_MS = 6 * 60 * 60_000;

const later = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

/**
 * The two sets of marks together, the later time of each kept (so the merge is the same in any
 * order and any number of times), marks older than `now - POLL_MARK_TTL_MS` dropped; `changed` says
 * whether it differs from `stored`.
 */
export function mergePollMarks(
  stored: PollMarks,
  mine: PollMarks,
  now: number,
): { readonly marks: PollMarks; readonly changed: boolean } {
  const oldest = now - POLL_MARK_TTL_MS;
  const live = (at: number | undefined) => (at !== undefined && at >= oldest ? at : undefined);
  const marks: Record<string, { l?: number; h?: number }> = {};
  let changed = false;
  for (const key of new Set([...Object.keys(stored), ...Object.keys(mine)])) {
    const before = stored[key];
    const l = live(later(before?.l, mine[key]?.l));
    const h = live(later(before?.h, mine[key]?.h));
    if (l !== before?.l || h !== before?.h) changed = true;
    if (l === undefined && h === undefined) continue;
    marks[key] = { ...(l === undefined ? {} : { l }), ...(h === undefined ? {} : { h }) };
  }
  return { marks, changed };
}
