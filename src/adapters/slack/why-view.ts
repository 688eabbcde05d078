import { shortSha } from '../../domain/culprit.js';
import type { Incident } from '../../domain/incident.js';
import { excerptText, seenBeforeText } from './excerpt-view.js';
import { inlineText, link, truncate, userRef } from './mrkdwn.js';

const MAX_INCIDENTS = 5;
const MAX_JOBS = 5;
const MAX_SUSPECTS = 5;

/** "Why is CI red?": per incident its failing jobs and steps, their error lines, and the suspects. */
export function renderWhy(incidents: readonly Incident[]): string {
  if (incidents.length === 0) return 'Nothing is red here: no open incident in this channel.';
  return incidents.slice(0, MAX_INCIDENTS).map(whyOne).join('\n\n');
}

function whyOne(incident: Incident): string {
  const { repo, workflow, branch } = incident.watch;
  const state = incident.status === 'open' ? 'is red' : `was red (${incident.status})`;
  const head = `*${inlineText(repo, 100)}* \`${inlineText(workflow, 100)}\` on \`${inlineText(branch, 100)}\` ${state}: ${link(incident.run.url, 'the failing run')}`;
  const jobs = incident.failingJobs.slice(0, MAX_JOBS).map((job) => {
    const steps =
      job.failedSteps.length === 0
        ? ''
        : ` failed at ${job.failedSteps.map((s) => `\`${inlineText(s, 60)}\``).join(', ')}`;
    const line = `• ${link(job.url, truncate(job.name, 100))}${steps}`;
    return job.excerpt === undefined ? line : `${line}\n${excerptText(job.excerpt)}`;
  });
  const more =
    incident.failingJobs.length > MAX_JOBS
      ? [`…and ${incident.failingJobs.length - MAX_JOBS} more jobs`]
      : [];
  const suspects = incident.suspects.slice(0, MAX_SUSPECTS).map((commit) => {
    const author = userRef(commit.slackUserId, commit.authorLogin ?? commit.authorName);
    return `• \`${shortSha(commit.sha)}\` ${inlineText(commit.title, 120)} — ${author}`;
  });
  const blame =
    suspects.length === 0
      ? 'No commit is suspected (no green was seen before this red).'
      : `Suspected commits:\n${suspects.join('\n')}`;
  const seen = incident.seenBefore === undefined ? [] : [seenBeforeText(incident.seenBefore)];
  return [head, ...jobs, ...more, ...seen, blame].join('\n');
}
