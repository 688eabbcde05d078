/**
 * Settles like `task`, or rejects with `onTimeout()` once `ms` have passed. The task itself keeps
 * running: a write that misses its deadline may still land, which compare-and-set callers see as a
 * version conflict on their retry.
 */
export async function withDeadline<T>(task: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([task, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
