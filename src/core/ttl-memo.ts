/**
 * Remembers what `load` answered for each key for `ttlMs`, at most `maxEntries` keys (the least
 * recently used dropped first). Callers asking for a key being loaded share that one load; a load
 * that throws is forgotten at once, so the next caller tries again. Time is read from `now`.
 */
export function ttlMemo<T>(
  load: (key: string) => Promise<T>,
  options: { readonly ttlMs: number; readonly maxEntries: number; readonly now: () => number },
): (key: string) => Promise<T> {
  // A Map iterates in insertion order: re-inserting on each use keeps the least recently used first.
  const entries = new Map<string, { readonly answer: Promise<T>; readonly expiresAt: number }>();
  return (key) => {
    const now = options.now();
    const found = entries.get(key);
    entries.delete(key);
    if (found !== undefined && found.expiresAt > now) {
      entries.set(key, found);
      return found.answer;
    }
    const answer = load(key);
    const entry = { answer, expiresAt: now + options.ttlMs };
    entries.set(key, entry);
    for (const [oldest] of entries) {
      if (entries.size <= options.maxEntries) break;
      entries.delete(oldest);
    }
    answer.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    return answer;
  };
}
