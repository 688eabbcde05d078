/**
 * Work started in the background (checks a webhook or a command started), kept until it settles
 * so that stopping can wait for it: `inFlight` is what is running, `track` adds to it. `stopping`
 * turns true once `stop` was called: work that checks it starts nothing new that another replica
 * could do instead (the outbox drains, incidents/drain-outbox.ts).
 */
export function trackWork() {
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  return {
    inFlight,
    track,
    stopping: () => stopped,
    stop: () => {
      stopped = true;
    },
  };
}
