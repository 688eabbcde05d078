import type { JobInfo } from '../../../core/domain/types.js';
import { shortSha } from '../../../diagnosis/domain/culprit.js';
import type { Incident } from '../../../incidents/domain/incident.js';
import { inlineCode, inlineText, joinWithin, link, truncate, userRef } from '../mrkdwn.js';
import { excerptText, seenBeforeText } from './excerpt-view.js';

const MAX_JOBS = 8;
const MAX_STEPS = 3;
const MAX_SUSPECTS = 8;
/** Slack's message text limit is 40,000; an answer in a thread stays far below, readable. */
const SECTION_MAX = 1800;

const code = (text: string, max = 100) => inlineCode(text, max);

/** One job: its name (linked), the steps that failed, and its error lines from its log when read. */
export function failingJobText(job: JobInfo): string {
  const steps = job.failedSteps.map((step) => code(step, 60));
  const failedAt =
    steps.length === 0
      ? ''
      : ` — failed at ${joinWithin(steps, { max: 400, maxItems: MAX_STEPS, separator: ', ' })}`;
  const errors = job.excerpt === undefined ? '' : `\n${excerptText(job.excerpt)}`;
  // `link` escapes its label: given raw text, cut, on one line.
  return `• ${link(job.url, truncate(job.name.replace(/\s+/g, ' '), 100))}${failedAt}${errors}`;
}

function suspectsText(incident: Incident): string {
  if (incident.sinceUnknown)
    return 'No commit range can be suspected: Overseer saw no green before this red.';
  const range =
    incident.lastGreenSha === undefined
      ? `first red ${code(shortSha(incident.firstRedSha))}`
      : `last green ${code(shortSha(incident.lastGreenSha))}..first red ${code(shortSha(incident.firstRedSha))}`;
  const lines = incident.suspects.map(
    (commit) =>
      `• ${code(shortSha(commit.sha))} ${inlineText(commit.title, 120)} — ${userRef(commit.slackUserId, commit.authorLogin ?? commit.authorName)}`,
  );
  const list =
    lines.length === 0 && incident.suspectsOmitted === 0
      ? 'No commits were listed.'
      : joinWithin(lines, { max: SECTION_MAX, maxItems: MAX_SUSPECTS, omitted: incident.suspectsOmitted });
  return `*Suspected commits* (${range})\n${list}`;
}

/**
 * "@Overseer why is CI red?" about one incident: from the stored incident, the failing run, each
 * failing job with the steps that failed and its error lines (read from its log when the incident
 * opened), whether the failure was seen before, and the suspected commits.
 */
export function renderWhyRed(incident: Incident): string {
  const { id, attempt, url } = incident.run;
  const run = link(url, `run #${id}${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
  const resolved = incident.status === 'open' ? '' : ' _(it has since gone green)_';
  const head = `:mag: *Why CI is red* on *${inlineText(incident.watch.repo, 100)}* ${code(incident.watch.workflow)} on ${code(incident.watch.branch)}: ${run} at ${code(shortSha(incident.headSha))}${resolved}`;
  const jobs = incident.failingJobs;
  const jobsText =
    jobs.length === 0
      ? 'No failed job was reported: see the run.'
      : joinWithin(jobs.map(failingJobText), { max: SECTION_MAX, maxItems: MAX_JOBS });
  const seen = incident.seenBefore === undefined ? [] : [seenBeforeText(incident.seenBefore)];
  return [head, `*Failing jobs* (${jobs.length})`, jobsText, ...seen, suspectsText(incident)].join('\n');
}

const MAX_INCIDENTS = 5;

/** "Why is CI red?" asked outside an incident's thread: each open incident here, as above. */
export function renderWhy(incidents: readonly Incident[]): string {
  if (incidents.length === 0) return 'Nothing is red here: no open incident in this channel.';
  return incidents.slice(0, MAX_INCIDENTS).map(renderWhyRed).join('\n\n');
}
