// The leaf settings shared by environment variables and overseer.yml. Each says what it expects;
// the problem reader adds what it got (never for secrets).
import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';
import { parseDuration } from './durations.js';

type Expectation = string | ((value: unknown) => string);

/**
 * A leaf setting: `parse` returns the value, or `undefined` when the input does not fit.
 * A missing value reads "required: <required>", a wrong one "expected <expected>".
 */
export function field<T>(expected: Expectation, parse: (value: unknown) => T | undefined, required?: string) {
  return z.unknown().transform((value, ctx): T => {
    const parsed = value === undefined ? undefined : parse(value);
    if (parsed !== undefined) return parsed;
    const expectation = typeof expected === 'string' ? expected : expected(value);
    const message = value === undefined ? `required: ${required ?? expectation}` : `expected ${expectation}`;
    ctx.addIssue({ code: 'custom', message, input: value });
    return z.NEVER;
  });
}

/** A non-blank string, trimmed. */
export function asText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text === '' ? undefined : text;
}

export function matching(pattern: RegExp, expected: string, required?: string) {
  return field(
    expected,
    (value) => {
      const text = asText(value);
      return text !== undefined && pattern.test(text) ? text : undefined;
    },
    required,
  );
}

export function oneOf<const T extends readonly string[]>(values: T, required?: string) {
  return field(
    `one of ${values.join(', ')}`,
    (value): T[number] | undefined => {
      const text = asText(value)?.toLowerCase();
      return values.find((candidate) => candidate === text);
    },
    required,
  );
}

export function integerIn(min: number, max: number, expected: string) {
  return field(expected, (value) => {
    const text = typeof value === 'number' ? String(value) : asText(value);
    if (text === undefined || !/^\d+$/.test(text)) return undefined;
    const number = Number(text);
    return number >= min && number <= max ? number : undefined;
  });
}

const FLAGS = new Map([
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
  ['yes', true],
  ['no', false],
]);

export const Flag = field('true or false (or 1/0, yes/no)', (value) => {
  if (typeof value === 'boolean') return value;
  return typeof value === 'string' || typeof value === 'number'
    ? FLAGS.get(String(value).trim().toLowerCase())
    : undefined;
});

export const WholeNumber = integerIn(0, Number.MAX_SAFE_INTEGER, 'a whole number of at least 0');

export const Duration = field('a duration such as 30s, 15m, 2h or 1d', (value) =>
  typeof value === 'string' ? parseDuration(value) : undefined,
);

export const CronExpression = field(
  'a cron expression of 5 fields (or 6 with seconds), such as */5 * * * *',
  (value) => {
    const text = asText(value);
    return text !== undefined && isValidCron(text) ? text : undefined;
  },
);

export const USER_ID = /^[UW][A-Z0-9]{2,}$/;
export const USER_GROUP_ID = /^S[A-Z0-9]{2,}$/;
export const APPROVER_ID = /^[UWS][A-Z0-9]{2,}$/;

export const ChannelId = matching(/^[CG][A-Z0-9]{2,}$/, 'a Slack channel ID such as C0123ABCD (not a #name)');
export const UserId = matching(USER_ID, 'a Slack user ID such as U0123ABCD');
export const UserGroupId = matching(USER_GROUP_ID, 'a Slack user-group ID such as S0123ABCD');
export const ApproverId = matching(APPROVER_ID, 'a Slack user ID (U…) or user-group ID (S…)');

export const RepoName = matching(
  /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/,
  'owner/name, such as acme/widgets',
);

/** GitHub logins, including apps such as `dependabot[bot]`. */
export const GITHUB_LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}(\[bot\])?$/;

export const WorkflowFile = field('a workflow file name such as ci.yml', (value) => {
  const name = asText(value)?.replace(/^\.github\/workflows\//, '');
  return name !== undefined && /^[A-Za-z0-9._-]+\.ya?ml$/.test(name) ? name : undefined;
});

export const BranchName = matching(/^(?![-/])(?!.*\.\.)[^\s~^:?*[\\]+$/, 'a branch name such as main');

export const IsoDate = field('an ISO date such as 2026-11-02 or 2026-11-02T09:00:00Z', (value) => {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  const text = asText(value);
  if (
    text === undefined ||
    !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text)
  ) {
    return undefined;
  }
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
});

/** An http(s) URL; `slash` says whether the result must end with `/` (added) or must not (removed). */
export function httpUrl(slash: 'add' | 'remove') {
  return field('an http:// or https:// URL', (value) => {
    const text = asText(value);
    const url = text !== undefined && URL.canParse(text) ? new URL(text) : undefined;
    if (text === undefined || (url?.protocol !== 'http:' && url?.protocol !== 'https:')) return undefined;
    const bare = text.replace(/\/+$/, '');
    return slash === 'add' ? `${bare}/` : bare;
  });
}

/** A comma-separated environment list such as `U0AAA, S0BBB`. */
export function commaList(pattern: RegExp, expected: string) {
  return field(`a comma-separated list of ${expected}`, (value) => {
    const items = asText(value)
      ?.split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    return items?.every((item) => pattern.test(item)) ? items : undefined;
  });
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LogLevel = oneOf(LOG_LEVELS);
export type LogLevel = z.output<typeof LogLevel>;

export const RERUN_BY = ['anyone', 'approvers'] as const;
export const RerunBy = oneOf(RERUN_BY);
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
