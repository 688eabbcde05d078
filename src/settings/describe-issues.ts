import type { z } from 'zod';

export interface Problem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * zod issues as problems a person can act on. An "expected …" message quotes what `input` holds at
 * the issue's path ("got …"), as written rather than as trimmed or converted, unless `isSecret(path)`.
 */
export function describeIssues(
  error: z.ZodError,
  input: unknown,
  isSecret: (path: readonly PropertyKey[]) => boolean,
): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ path: [...issue.path, key], message: issue.message });
      continue;
    }
    // A bad mapping key is quoted itself, not the value under it.
    const got = issue.code === 'invalid_key' ? issue.path.at(-1) : valueAt(input, issue.path);
    const quote = issue.message.startsWith('expected ') && got !== undefined && !isSecret(issue.path);
    const message = quote ? `${issue.message}, got ${show(got)}` : issue.message;
    // Failed checks of one value (`.int()` and `.max()`) may say the same thing: once is enough.
    const path = issue.path.map(String).join('.');
    if (!problems.some((seen) => seen.message === message && seen.path.map(String).join('.') === path)) {
      problems.push({ path: issue.path, message });
    }
  }
  return problems;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path)
    value = typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
  return value;
}

function show(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value !== 'string') return String(value);
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}
