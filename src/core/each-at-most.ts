/**
 * Runs `work` on every item, at most `limit` at a time, in order of the list; resolves when all
 * are done. `work` is expected not to throw (each caller records its own failures).
 */
export async function eachAtMost<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>) {
  const queue = [...items];
  const workers = Array.from({ length: Math.min(limit, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  });
  await Promise.all(workers);
}
