/** Lets every promise callback already queued run (setImmediate runs once the microtasks are drained). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A clock and timers a test moves by hand (`now`, `setTimer` as the GitHub request pacer takes
 * them): nothing waits on the wall clock, and a timer fires only when the test moves time past it.
 */
export function manualClock(start = 1_000_000) {
  const timers: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];
  const live = () => timers.filter((timer) => !timer.cancelled);
  const clock = {
    t: start,
    now: () => clock.t,
    setTimer(fn: () => void, ms: number) {
      const timer = { at: clock.t + Math.max(0, ms), fn, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    /** Moves the clock on by `ms`, firing each timer due on the way at its own time. */
    async advance(ms: number) {
      const end = clock.t + ms;
      for (;;) {
        await settle();
        const due = live()
          .filter((timer) => timer.at <= end)
          .sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        timers.splice(timers.indexOf(due), 1);
        clock.t = Math.max(clock.t, due.at);
        due.fn();
      }
      clock.t = end;
      await settle();
    },
    /** Moves the clock to the earliest timer and fires it; false when none is set. */
    async next(): Promise<boolean> {
      const due = live().sort((a, b) => a.at - b.at)[0];
      if (due === undefined) return false;
      await clock.advance(Math.max(0, due.at - clock.t));
      return true;
    },
    pending: () => live().length,
  };
  return clock;
}
