import type { SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Report, ReportAnswer, ReportRequest } from '../../../report/index.js';
import { escapeMrkdwn } from '../mrkdwn.js';
import { parseReportArgs } from './report-args.js';
import { renderReport } from './report-view.js';

export interface ReportCommandDeps {
  /** `report.days`: the period when none is named. */
  readonly defaultDays: number;
  readonly build: (request: ReportRequest) => Promise<ReportAnswer>;
  /** Shares the report, chart included, in a channel or in a person's DM (by user ID). */
  /** Posts the report with its chart (a channel, or a user's DM); answers what it carried. */
  readonly share: (report: Report, channel: string) => Promise<'with chart' | 'figures only'>;
}

type ReportAnswerArgs = Pick<SlackCommandMiddlewareArgs, 'ack' | 'respond'> & {
  readonly args: readonly string[];
  readonly user: string;
  readonly channel: string;
  readonly scope: { readonly channel?: string };
};

function refusal(answer: Exclude<ReportAnswer, { ok: true }>): string {
  switch (answer.cause) {
    case 'no watch here':
      return 'No watched repo posts its incidents to this channel. Name one: `/overseer report owner/repo`.';
    case 'repo not watched':
      return `${escapeMrkdwn(answer.repo ?? '')} is not watched. \`/overseer status\` lists what is.`;
    default:
      return `:warning: The report cannot be made (${answer.cause}). Try again in a minute.`;
  }
}

/**
 * `/overseer report [owner/repo] [7d|14d|30d]`. Ephemeral answers cannot carry files, so the
 * figures come as the usual ephemeral answer and the same report with its chart goes to the
 * asker's DM. With `public`, the report and its chart are posted in the channel instead.
 */
export async function answerReport(
  deps: ReportCommandDeps | undefined,
  answer: ReportAnswerArgs,
): Promise<void> {
  const { ack, respond } = answer;
  if (deps === undefined) {
    await ack({ response_type: 'ephemeral', text: 'The CI health report is not set up in this Overseer.' });
    return;
  }
  const parsed = parseReportArgs(answer.args, deps.defaultDays);
  if (!parsed.ok) {
    await ack({ response_type: 'ephemeral', text: parsed.error });
    return;
  }
  await ack();
  const request = {
    channel: answer.channel,
    days: parsed.days,
    ...(parsed.repo ? { repo: parsed.repo } : {}),
  };
  const built = await deps.build(request);
  if (!built.ok) {
    await respond({ response_type: 'ephemeral', text: refusal(built) });
    return;
  }
  const isPublic = answer.scope.channel !== undefined;
  const text = renderReport(built.report);
  // Nothing red: one line, and no chart to send.
  if (!isPublic && built.report.figures.redMs === 0) {
    await respond({ response_type: 'ephemeral', text });
    return;
  }
  const where = isPublic ? answer.channel : answer.user;
  const shared = await deps.share(built.report, where).catch(() => undefined);
  if (isPublic && shared !== undefined) return;
  const note =
    shared === 'with chart'
      ? '_The same report, with its chart, is in your DM with me._'
      : shared === 'figures only'
        ? '_The chart could not be attached: Slack refused the upload (the app may need reinstalling for `files:write`)._'
        : '_The chart could not be sent: Slack refused the upload. Try again in a minute._';
  await respond({ response_type: 'ephemeral', text: `${text}\n${note}` });
}
