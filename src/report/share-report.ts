import type { Chat, FileUpload } from '../core/ports.js';
import type { Report } from './build-report.js';

/** How a report is worded and drawn; the Slack adapter gives both. */
export interface ReportPresenter {
  text(report: Report): string;
  /** The chart as a PNG, or undefined when there is nothing to draw. */
  chart(report: Report): Promise<Uint8Array | undefined>;
}

export interface ShareDeps {
  readonly chat: Pick<Chat, 'post'>;
  readonly files: FileUpload;
  readonly presenter: ReportPresenter;
}

/**
 * Posts a report where it was asked for (a channel, or a person's DM by user ID): the figures with
 * the chart under them as one upload, or the figures alone when nothing was red.
 */
export async function shareReport(deps: ShareDeps, report: Report, channel: string): Promise<void> {
  const text = deps.presenter.text(report);
  const png = await deps.presenter.chart(report);
  if (png === undefined) {
    await deps.chat.post({ channel, text });
    return;
  }
  await deps.files.upload({
    channel,
    filename: `ci-health-${report.days}d.png`,
    title: `Red time per day, last ${report.days} days`,
    altText: `A bar chart of the hours each watch was red, per day, over the last ${report.days} days`,
    bytes: png,
    comment: text,
  });
}
