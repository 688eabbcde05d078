// The leaf settings shared by environment variables and overseer.yml, in zod's own terms. Each says
// what it expects; the problem reader adds what it got (never for secrets).
import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';
import { parseDuration } from './durations.js';

/**
 * zod's `error` option: "required: …" for a missing value, "expected …" for a wrong one. A check
 * (`.regex()`, `.refine()`) without a message of its own takes its schema's, so one is enough.
 */
export function expecting(expected: string | ((input: unknown) => string), required?: string) {
  return {
    error: (issue: z.core.$ZodRawIssue) => {
      const what = typeof expected === 'string' ? expected : expected(issue.input);
      return issue.input === undefined ? `required: ${required ?? what}` : `expected ${what}`;
    },
  };
}

export const matching = (pattern: RegExp, expected: string, required?: string) =>
  z.string(expecting(expected, required)).trim().regex(pattern);

/** One of `values`, written in any case. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, required?: string) {
  const says = expecting(`one of ${values.join(', ')}`, required);
  return z.string(says).trim().toLowerCase().pipe(z.enum(values, says));
}

/** A YAML number, or digits as text (as every environment value is). */
export function integerIn(min: number, max: number, expected: string) {
  const says = expecting(expected);
  return z
    .xor([z.int(), z.string().trim().regex(/^\d+$/).transform(Number)], says)
    .pipe(z.int(says).min(min).max(max));
}

export const WholeNumber = integerIn(0, Number.MAX_SAFE_INTEGER, 'a whole number of at least 0');

export const Flag = z.xor(
  [
    z.boolean(),
    z.literal([0, 1]).transform(Boolean),
    z.stringbool({ truthy: ['true', '1', 'yes'], falsy: ['false', '0', 'no'] }),
  ],
  expecting('true or false (or 1/0, yes/no)'),
);

const DURATION = 'a duration such as 30s, 15m, 2h or 1d';
export const Duration = z.string(expecting(DURATION)).transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) ctx.addIssue({ code: 'custom', message: `expected ${DURATION}`, input: text });
  return ms ?? z.NEVER;
});

export const CronExpression = z
  .string(expecting('a cron expression of 5 fields (or 6 with seconds), such as */5 * * * *'))
  .trim()
  .refine((text) => isValidCron(text));

export const IsoDate = z
  .xor(
    [z.iso.date(), z.iso.datetime({ offset: true })],
    expecting('an ISO date such as 2026-11-02 or 2026-11-02T09:00:00Z'),
  )
  .transform((text) => new Date(text));

/** An http(s) URL; `slash` says whether the result ends with `/` (added) or not (removed). */
export function httpUrl(slash: 'add' | 'remove') {
  return z
    .url({ protocol: /^https?$/, ...expecting('an http:// or https:// URL') })
    .transform((url) => `${url.replace(/\/+$/, '')}${slash === 'add' ? '/' : ''}`);
}

/** A comma-separated environment list such as `U0AAA, S0BBB`. */
export function commaList(pattern: RegExp, what: string) {
  const says = expecting(`a comma-separated list of ${what}`);
  return z
    .string(says)
    .transform((text) => text.split(',').flatMap((item) => (item.trim() === '' ? [] : [item.trim()])))
    .refine((items) => items.every((item) => pattern.test(item)), says);
}

export const USER_ID = /^[UW][A-Z0-9]{2,}$/;
export const USER_GROUP_ID = /^S[A-Z0-9]{2,}$/;
export const APPROVER_ID = /^[UWS][A-Z0-9]{2,}$/;
/** GitHub logins, including apps such as `dependabot[bot]`. */
export const GITHUB_LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}(\[bot\])?$/;

export const ChannelId = matching(/^[CG][A-Z0-9]{2,}$/, 'a Slack channel ID such as C0123ABCD (not a #name)');
export const UserId = matching(USER_ID, 'a Slack user ID such as U0123ABCD');
export const UserGroupId = matching(USER_GROUP_ID, 'a Slack user-group ID such as S0123ABCD');
export const ApproverId = matching(APPROVER_ID, 'a Slack user ID (U…) or user-group ID (S…)');
export const RepoName = matching(
  /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/,
  'owner/name, such as acme/widgets',
);
export const BranchName = matching(/^(?![-/])(?!.*\.\.)[^\s~^:?*[\\]+$/, 'a branch name such as main');
export const WorkflowFile = z
  .string(expecting('a workflow file name such as ci.yml'))
  .trim()
  .overwrite((name) => name.replace(/^\.github\/workflows\//, ''))
  .regex(/^[A-Za-z0-9._-]+\.ya?ml$/);

export const LogLevel = oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
export type LogLevel = z.output<typeof LogLevel>;

export const RerunBy = oneOf(['anyone', 'approvers']);
export type RerunBy = z.output<typeof RerunBy>;

/** A mapping in overseer.yml whose unknown keys are errors: that is how typos get caught. */
export function section<Shape extends z.ZodRawShape>(shape: Shape) {
  const keys = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown key; expected one of ${keys}`
        : `expected a mapping with ${keys}`,
  });
}

export function listOf<Item extends z.ZodType>(item: Item, what: string) {
  return z.array(item, { error: `expected a list of ${what}` });
}
