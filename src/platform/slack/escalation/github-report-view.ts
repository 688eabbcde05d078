import { type GithubReport, statusWords } from '../../../escalation/domain/github-status.js';
import { inlineText, link } from '../mrkdwn.js';

/** Where people check GitHub's status themselves. */
const GITHUB_STATUS_PAGE = 'https://www.githubstatus.com';

/** "GitHub reports Actions: partial outage": the status page's words, made inert (they are GitHub's text). */
export function githubReportWords(report: GithubReport): string {
  return `GitHub reports ${inlineText(report.component, 40)}: ${inlineText(statusWords(report.status), 40)}`;
}

/**
 * The incident message's line for a red opened during an Actions outage: said, and why nobody is
 * paged; once Actions is operational again, that it was, and that this red was still not paged.
 */
export function githubReportLine(report: GithubReport): string {
  const page = link(GITHUB_STATUS_PAGE, 'githubstatus.com');
  if (report.operationalAgainAt === undefined)
    return `:warning: *${githubReportWords(report)}* (${page}) · nobody is paged for this red`;
  const then = `${inlineText(report.component, 40)}: ${inlineText(statusWords(report.status), 40)}`;
  return `:information_source: GitHub reported ${then} when this opened; operational again now (${page}) · nobody was paged for this red`;
}

/** The thread's note when GitHub reports Actions operational again under an incident it held. */
export function actionsOperationalNote(status: string): string {
  return (
    `:white_check_mark: GitHub reports Actions operational again (when this red opened: ${inlineText(statusWords(status), 40)}). ` +
    'Nobody was paged for this red and nobody will be: acknowledge it if it still needs someone; new reds page as usual.'
  );
}
