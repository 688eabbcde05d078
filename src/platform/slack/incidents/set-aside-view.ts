import type { StatusReport } from '../../../talk/describe-status.js';
import { escapeMrkdwn, formatDuration } from '../mrkdwn.js';
import { refusalLine } from './refusal-view.js';

/** How many set-aside items are listed per watch (the newest); the rest are counted. */
const SHOWN = 3;

/**
 * For admins: the Slack deliveries Slack refused for good and that were set aside (never
 * retried), per watch, newest first with Slack's reason. Empty when there are none.
 */
export function setAsideLines(report: StatusReport): string[] {
  const lines: string[] = [];
  for (const status of report.watches) {
    const kept = status.setAside ?? [];
    if (kept.length === 0) continue;
    lines.push(
      `:no_entry_sign: *${escapeMrkdwn(status.repo)}* ${escapeMrkdwn(status.workflow)}: ` +
        `${kept.length} Slack deliver${kept.length === 1 ? 'y' : 'ies'} set aside (refused for good, not retried)`,
    );
    for (const aside of kept.slice(0, SHOWN)) {
      const ago = formatDuration(report.now - aside.at);
      lines.push(
        `• ${aside.item.kind} of incident \`${escapeMrkdwn(aside.item.incidentId)}\`, ${refusalLine(aside)}, ${ago} ago`,
      );
    }
    if (kept.length > SHOWN) lines.push(`• …and ${kept.length - SHOWN} older`);
  }
  return lines;
}
