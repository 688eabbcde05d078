// The incident message's longer parts: the failing jobs with their error lines, and the suspects.
import type { SectionBlock } from '@slack/web-api';
import type { JobInfo } from '../../../core/domain/types.js';
import { shortSha } from '../../../diagnosis/domain/culprit.js';
import type { Incident, Suspect } from '../../../incidents/domain/incident.js';
import { excerptText } from '../diagnosis/excerpt-view.js';
import { stepLogUrl } from '../diagnosis/step-log-url.js';
import { inlineCode, inlineText, joinWithin, link, truncate, userRef } from '../mrkdwn.js';

export const SECTION_MAX = 3000;
/** Slack's limits on a header's text and a button's value (https://docs.slack.dev/reference/block-kit). */
export const HEADER_MAX = 150;
export const BUTTON_VALUE_MAX = 2000;
export const NAME_MAX = 100;
const MAX_JOBS = 10;
const MAX_STEPS = 3;
const MAX_SUSPECTS = 10;
/** Resolved messages name only the first few: the rest is in the thread and `/overseer working-on`. */
const MAX_COMPACT = 3;

export function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

export function code(text: string, max = NAME_MAX): string {
  return inlineCode(text, max);
}

export function sha(value: string): string {
  return code(shortSha(value));
}

/** `https://github.com` or the Enterprise host, taken from the run's own link. */
function webBase(incident: Incident): string {
  return /^https?:\/\/[^/]+/i.exec(incident.run.url)?.[0] ?? 'https://github.com';
}

/** A link to a page of the watched repo on GitHub; just the label when the link would be absurdly long. */
export function repoLink(incident: Incident, path: string, label: string): string {
  const url = `${webBase(incident)}/${incident.watch.repo}/${path}`;
  return url.length > 300 ? inlineText(label, NAME_MAX) : link(url, label);
}

/**
 * The failing jobs: those with error lines each in a section of their own (the line, then a code
 * block under it), then the rest as one list.
 */
export function jobSections(incident: Incident): SectionBlock[] {
  const withLines = incident.failingJobs.filter((job) => job.excerpt !== undefined);
  if (withLines.length === 0) return [section(jobsText(incident))];
  const rest = incident.failingJobs.filter((job) => job.excerpt === undefined);
  const sections = withLines.map((job, index) => {
    const heading = index === 0 ? `*Failing jobs* (${incident.failingJobs.length})\n` : '';
    return section(`${heading}${jobLine(incident, job)}\n${job.excerpt ? excerptText(job.excerpt) : ''}`);
  });
  if (rest.length > 0) {
    const list = joinWithin(
      rest.map((job) => jobLine(incident, job)),
      {
        max: SECTION_MAX - 50,
        maxItems: MAX_JOBS - withLines.length,
      },
    );
    sections.push(section(list));
  }
  return sections;
}

function jobsText(incident: Incident): string {
  const jobs = incident.failingJobs;
  if (jobs.length === 0) return '*Failing jobs*\nNo failed job was reported: see the run.';
  const heading = `*Failing jobs* (${jobs.length})`;
  const list = joinWithin(
    jobs.map((job) => jobLine(incident, job)),
    { max: SECTION_MAX - heading.length - 1, maxItems: MAX_JOBS },
  );
  return `${heading}\n${list}`;
}

/** The job's name, linking its log at the failed step. */
function jobName(incident: Incident, job: JobInfo): string {
  return link(
    stepLogUrl(job, incident.watch.repo, incident.run.id),
    truncate(job.name.replace(/\s+/g, ' '), NAME_MAX),
  );
}

function stepsText(job: JobInfo): string {
  const steps = job.failedSteps.map((step) => code(step, 60));
  return joinWithin(steps, { max: 400, maxItems: MAX_STEPS, separator: ', ' });
}

function jobLine(incident: Incident, job: JobInfo): string {
  if (job.failedSteps.length === 0) return `• ${jobName(incident, job)}`;
  return `• ${jobName(incident, job)} — failed at ${stepsText(job)}`;
}

/** One line for a resolved incident: "Failed: unit at `Run tests`, lint at `Run biome`". */
export function compactJobsText(incident: Incident): string | undefined {
  const jobs = incident.failingJobs;
  if (jobs.length === 0) return undefined;
  const items = jobs.map((job) =>
    job.failedSteps.length === 0 ? jobName(incident, job) : `${jobName(incident, job)} at ${stepsText(job)}`,
  );
  return `Failed: ${joinWithin(items, { max: 1400, maxItems: MAX_COMPACT, separator: ', ' })}`;
}

/** "last green `1234567`..first red `abcdef0`", linking GitHub's comparison of the two. */
function rangeText(incident: Incident): string {
  const firstRed = sha(incident.firstRedSha);
  if (incident.lastGreenSha === undefined) return `first red ${firstRed}`;
  const compare = repoLink(incident, `compare/${incident.lastGreenSha}...${incident.firstRedSha}`, 'compare');
  return `last green ${sha(incident.lastGreenSha)}..first red ${firstRed}, ${compare}`;
}

/** "`abcdef0` <commit|Fix the parser> (<pull|#123>) — @author". */
function suspectLine(incident: Incident, commit: Suspect): string {
  const title = truncate(commit.title.replace(/\s+/g, ' ').trim(), 120);
  const pr = /\s*\(#(\d{1,9})\)$/.exec(title);
  const plain = pr ? title.slice(0, pr.index) : title;
  const titleLink = repoLink(incident, `commit/${commit.sha}`, plain === '' ? shortSha(commit.sha) : plain);
  const prLink = pr ? ` (${repoLink(incident, `pull/${pr[1]}`, `#${pr[1]}`)})` : '';
  const author = userRef(commit.slackUserId, commit.authorLogin ?? commit.authorName);
  return `${sha(commit.sha)} ${titleLink}${prLink} — ${author}`;
}

export function suspectsText(incident: Incident): string {
  if (incident.sinceUnknown) {
    return `*Suspected commits*\nNo commit range can be suspected: Overseer saw no green run before ${sha(incident.firstRedSha)}.`;
  }
  const heading = `*Suspected commits* (${rangeText(incident)})`;
  const lines = incident.suspects.map((commit) => `• ${suspectLine(incident, commit)}`);
  if (lines.length === 0 && incident.suspectsOmitted === 0) return `${heading}\nNo commits were listed.`;
  const max = SECTION_MAX - heading.length - 1;
  const list = joinWithin(lines, { max, maxItems: MAX_SUSPECTS, omitted: incident.suspectsOmitted });
  return `${heading}\n${list}`;
}

/** One line for a resolved incident: "Suspected: `abcdef0` Fix the parser — @octocat, …and 2 more". */
export function compactSuspectsText(incident: Incident): string | undefined {
  if (incident.sinceUnknown) return undefined;
  const items = incident.suspects.map((commit) => suspectLine(incident, commit));
  if (items.length === 0 && incident.suspectsOmitted === 0) return undefined;
  const list = joinWithin(items, {
    max: 1400,
    maxItems: MAX_COMPACT,
    separator: '; ',
    omitted: incident.suspectsOmitted,
  });
  return `Suspected (${rangeText(incident)}): ${list}`;
}
