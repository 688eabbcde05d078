import { isDeliveryRefused } from '../core/delivery-refused.js';
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

/** What a shared report carried: its chart, or its figures alone. */
export type Shared = 'with chart' | 'figures only';

/**
 * Posts a report where it was asked for (a channel, or a person's DM by user ID): the figures with
 * the chart under them as one upload, or the figures alone when nothing was red. An upload Slack
 * refuses for good (an app installed before `files:write`, a channel that takes no files) still
 * gets the figures posted, saying why the chart is missing; transient failures are thrown.
 */
export async function shareReport(deps: ShareDeps, report: Report, channel: string): Promise<Shared> {
  const text = deps.presenter.text(report);
  const png = await deps.presenter.chart(report);
  if (png === undefined) {
    await deps.chat.post({ channel, text });
    return 'figures only';
  }
  try {
    await deps.files.upload({
      channel,
      filename: `ci-health-${report.days}d.png`,
      title: `Red time per day, last ${report.days} days`,
      altText: `A bar chart of the hours each watch was red, per day, over the last ${report.days} days`,
      bytes: png,
      comment: text,
    });
    return 'with chart';
  } catch (error) {
    if (!isDeliveryRefused(error)) throw error;
    const why = `_The chart could not be attached: Slack refused the upload (${error.code})._`;
    await deps.chat.post({ channel, text: `${text}\n${why}` });
    return 'figures only';
  }
}
