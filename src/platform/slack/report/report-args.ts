import { REPORT_DAYS } from '../../../report/index.js';
import { escapeMrkdwn } from '../mrkdwn.js';

export type ReportArgs =
  | { readonly ok: true; readonly repo?: string; readonly days: number }
  | { readonly ok: false; readonly error: string };

const REPO = /^[\w.-]+\/[\w.-]+$/;
const PERIOD = /^(\d+)d$/i;

export const REPORT_USAGE =
  'Write `/overseer report` for this channel’s watches, or `/overseer report owner/repo`; add `7d`, `14d` or `30d` for the period (default 7d).';

/** `[owner/repo] [7d|14d|30d]`, in either order; anything else is a clear error. */
export function parseReportArgs(args: readonly string[], defaultDays: number): ReportArgs {
  let repo: string | undefined;
  let days: number | undefined;
  for (const arg of args) {
    const period = PERIOD.exec(arg);
    if (period !== null && days === undefined) {
      const asked = Number(period[1]);
      if (!(REPORT_DAYS as readonly number[]).includes(asked)) {
        return { ok: false, error: `A report covers 7d, 14d or 30d, not ${escapeMrkdwn(arg)}.` };
      }
      days = asked;
    } else if (REPO.test(arg) && repo === undefined) {
      repo = arg;
    } else {
      return {
        ok: false,
        error: `I don't understand \`${escapeMrkdwn(arg.slice(0, 40))}\`. ${REPORT_USAGE}`,
      };
    }
  }
  return { ok: true, ...(repo === undefined ? {} : { repo }), days: days ?? defaultDays };
}
