import { type GithubReport, statusWords } from '../../../escalation/domain/github-status.js';
import { inlineText, link } from '../mrkdwn.js';

/** Where people check GitHub's status themselves. */
const GITHUB_STATUS_PAGE = 'https://www.githubstatus.com';

/** "GitHub reports Actions: partial outage": the status page's words, made inert (they are GitHub's text). */
export function githubReportWords(report: GithubReport): string {
  return `GitHub reports ${inlineText(report.component, 40)}: ${inlineText(statusWords(report.status), 40)}`;
}

/** The incident message's line for a red opened during an Actions outage: said, and why nobody is paged. */
export function githubReportLine(report: GithubReport): string {
  return `:warning: *${githubReportWords(report)}* (${link(GITHUB_STATUS_PAGE, 'githubstatus.com')}) · nobody is paged for this red`;
}
