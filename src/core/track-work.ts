/**
 * Work started in the background (checks a webhook or a command started), kept until it settles
 * so that stopping can wait for it: `inFlight` is what is running, `track` adds to it.
 */
export function trackWork() {
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  return { inFlight, track };
}
