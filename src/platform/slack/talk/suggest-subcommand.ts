/** Levenshtein distance between `a` and `b`. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/**
 * The subcommand `typed` most likely meant: one it starts (`inc` -> `incidents`), or the nearest
 * within a third of its length (at least 1, at most 3 edits). Undefined when none is close.
 */
export function suggestSubcommand(typed: string, known: readonly string[]): string | undefined {
  const word = typed.toLowerCase();
  if (word.length >= 2) {
    const started = known.filter((name) => name.startsWith(word));
    if (started.length === 1) return started[0];
  }
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: { name: string; cost: number } | undefined;
  for (const name of known) {
    const cost = distance(word, name);
    if (cost <= limit && (best === undefined || cost < best.cost)) best = { name, cost };
  }
  return best?.name;
}
