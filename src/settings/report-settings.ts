import { z } from 'zod';
import { CronExpression, expecting, integerIn, section } from './fields.js';

/**
 * `report.schedule`: a cron expression (UTC), or "" for no scheduled report. `off` says the same
 * where "" cannot be written (an empty environment variable counts as unset).
 */
export const ReportSchedule = z.xor(
  [z.literal(['', 'off']).transform(() => ''), CronExpression],
  expecting('a cron expression such as 0 9 * * 1 (Mondays 09:00 UTC), or "" (off) for no scheduled report'),
);

/** `report.days`: the period of the scheduled report, and of `/overseer report` when none is named. */
export const ReportDays = integerIn(1, 90, 'a whole number of days from 1 to 90');

/** The CI health report (CONTRACT.md section 7). */
export const ReportSettings = section({
  schedule: ReportSchedule.default('0 9 * * 1'),
  days: ReportDays.default(7),
});
export type ReportSettings = z.output<typeof ReportSettings>;
