import type { OutageAlert } from '../../../escalation/alert-outages.js';
import { escapeMrkdwn, formatDuration } from '../mrkdwn.js';

/** The DM an admin gets once per outage of the loop itself. */
export function renderOutageDm(alert: OutageAlert, now: number): string {
  const what =
    alert.kind === 'loop-stalled'
      ? 'the CI check loop has not completed a cycle'
      : 'GitHub has not answered Overseer';
  const since = new Date(alert.since).toISOString();
  return (
    `:warning: Overseer: ${what} for ${formatDuration(now - alert.since)} (since ${since}, ${alert.cycles} cycles). ` +
    `CI is not being watched meanwhile; \`/overseer status\` and \`/readyz\` say more. ` +
    `You are told once per outage. (${escapeMrkdwn(alert.decision.reason)})`
  );
}
