import type { z } from 'zod';
import { describeIssues } from './describe-issues.js';

/** Their values never appear in a problem or a warning, not even in part. */
const SECRET_VARIABLES = new Set([
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'GITHUB_TOKEN',
  'GITHUB_APP_PRIVATE_KEY',
  'GITHUB_WEBHOOK_SECRET',
  'REDIS_URL',
]);

/**
 * Parses `vars` with a schema whose keys are variable names. On failure, appends one problem per
 * variable to `problems` and returns `undefined`.
 */
export function parseEnv<Schema extends z.ZodType>(
  schema: Schema,
  vars: Record<string, string>,
  problems: string[],
): z.output<Schema> | undefined {
  const result = schema.safeParse(vars, { reportInput: true });
  if (result.success) return result.data;
  const isSecret = (path: readonly PropertyKey[]) => SECRET_VARIABLES.has(String(path[0]));
  for (const problem of describeIssues(result.error.issues, isSecret)) {
    problems.push(`${String(problem.path[0])}: ${problem.message}`);
  }
  return undefined;
}
