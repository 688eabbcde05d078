import type { z } from 'zod';

export interface Problem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * zod issues as problems a person can act on. Values are quoted back ("got ...") only for
 * "expected ..." messages, and never where `isSecret(path)` holds.
 */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  isSecret: (path: readonly PropertyKey[]) => boolean,
): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ path: [...issue.path, key], message: issue.message });
      continue;
    }
    const quote = issue.message.startsWith('expected ') && issue.input !== undefined && !isSecret(issue.path);
    problems.push({
      path: issue.path,
      message: quote ? `${issue.message}, got ${show(issue.input)}` : issue.message,
    });
  }
  return problems;
}

function show(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return 'a mapping';
  if (typeof value !== 'string') return String(value);
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}
