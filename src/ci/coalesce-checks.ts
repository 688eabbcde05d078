interface Waiter {
  readonly promise: Promise<boolean>;
  readonly settle: (ok: boolean) => void;
}

interface WatchLine {
  /** The check under way, if any. */
  running: boolean;
  /** The check owed next: it has not started, so it will read GitHub after every caller it serves. */
  next: Waiter | undefined;
}

function waiter(): Waiter {
  let settle: (ok: boolean) => void = () => {};
  const promise = new Promise<boolean>((resolve) => {
    settle = resolve;
  });
  return { promise, settle };
}

/**
 * Wraps a watch check so that a burst of requests costs little: at most `limit` checks run at
 * once across watches, and each watch has at most one check running and one owed. A request that
 * finds a check owed for its watch joins it and adds nothing; as that check has not started, it
 * still reads GitHub after the request came, so no request's news is lost. Each caller gets the
 * result of the check that served it. Watches waiting for a slot are served in turn.
 * `check` is expected not to throw (a throw counts as a failed check).
 */
export function coalesceChecks<K>(
  check: (key: K) => Promise<boolean>,
  limit: number,
): (key: K) => Promise<boolean> {
  const lines = new Map<K, WatchLine>();
  const ready: K[] = [];
  let active = 0;

  const pump = (): void => {
    while (active < limit) {
      const key = ready.shift();
      if (key === undefined) return;
      const line = lines.get(key);
      const serving = line?.next;
      if (line === undefined || serving === undefined) continue;
      line.running = true;
      line.next = undefined;
      active += 1;
      void check(key)
        .catch(() => false)
        .then((ok) => {
          active -= 1;
          line.running = false;
          serving.settle(ok);
          if (line.next === undefined) lines.delete(key);
          else ready.push(key);
          pump();
        });
    }
  };

  return (key) => {
    let line = lines.get(key);
    if (line === undefined) {
      line = { running: false, next: undefined };
      lines.set(key, line);
    }
    if (line.next !== undefined) return line.next.promise;
    const owed = waiter();
    line.next = owed;
    if (!line.running) ready.push(key);
    pump();
    return owed.promise;
  };
}
