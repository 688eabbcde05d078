export interface OpenCounts {
  /** Fix tasks open (not finished) across all repos and replicas. */
  readonly openTasks: number;
  /** Fix tasks opened in the current cycle so far. */
  readonly openedThisCycle: number;
  readonly incidentHasOpenTask: boolean;
}

export interface OpenCaps {
  readonly maxPerCycle: number;
  readonly maxOpenTasks: number;
}

const tasks = (n: number) => (n === 1 ? '1 fix task' : `${n} fix tasks`);

/** Whether one more fix task may be opened, and if not, why (shown where the task would have been). */
export function mayOpen(
  counts: OpenCounts,
  caps: OpenCaps,
): { readonly ok: true } | { readonly ok: false; readonly reason: string } {
  if (counts.incidentHasOpenTask) return { ok: false, reason: 'this incident already has an open fix task' };
  if (counts.openTasks >= caps.maxOpenTasks) {
    return {
      ok: false,
      reason: `${tasks(counts.openTasks)} open, the most allowed at once (maxOpenTasks ${caps.maxOpenTasks})`,
    };
  }
  if (counts.openedThisCycle >= caps.maxPerCycle) {
    return {
      ok: false,
      reason: `${tasks(counts.openedThisCycle)} opened this cycle, the most allowed (maxPerCycle ${caps.maxPerCycle})`,
    };
  }
  return { ok: true };
}
