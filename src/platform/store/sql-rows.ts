/** The rows a SQLite query answered, or a loud failure when it answered something else. */
export function sqlRows(result: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(result)) throw new Error('SQLite answered something other than rows');
  return result;
}
