import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/web-api';
import { shortSha } from '../../domain/culprit.js';
import { describeEscalation } from '../../domain/describe-escalation.js';
import type { Incident } from '../../domain/incident.js';
import type { JobInfo } from '../../domain/types.js';
import { excerptText, seenBeforeText } from './excerpt-view.js';
import {
  escapeMrkdwn,
  formatDuration,
  inlineText,
  joinWithin,
  link,
  slackDate,
  truncate,
  userRef,
} from './mrkdwn.js';
import { repliesWords } from './reply-text.js';
import { AUTO_RETRY_WORDS } from './thread-note-view.js';

export const ACK_ACTION_ID = 'overseer_ack';
export const RERUN_ACTION_ID = 'overseer_rerun';

/** Slack's limits: section text, button value. The fallback text (≤ 4000) is short by construction. */
const SECTION_MAX = 3000;
const BUTTON_VALUE_MAX = 2000;
const MAX_JOBS = 10;
const MAX_STEPS = 3;
const MAX_SUSPECTS = 10;
const MAX_FLAKED = 10;
const NAME_MAX = 100;

const EMOJI = { open: ':red_circle:', recovered: ':large_green_circle:', flaky: ':large_yellow_circle:' };

/** The one Slack message of an incident: what broke, since when, who might know, what to do. */
export function renderIncident(incident: Incident, now: number): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    section(`${titleLine(incident)}\n${statusLine(incident, now)}`),
    section(`:mag: ${runLink(incident)}`),
    ...jobSections(incident),
    section(suspectsText(incident)),
  ];
  if (incident.seenBefore !== undefined) blocks.push(section(seenBeforeText(incident.seenBefore)));
  if (incident.autoRetry !== undefined)
    blocks.push(section(`:repeat: ${AUTO_RETRY_WORDS[incident.autoRetry]}`));
  const later = incident.laterRedShas.at(-1);
  if (later !== undefined) {
    const count = incident.laterRedShas.length;
    blocks.push(section(`Still red at ${sha(later)} (${count} later ${count === 1 ? 'commit' : 'commits'})`));
  }
  if (incident.acknowledgedBy !== undefined) blocks.push(section(acknowledgedText(incident)));
  // The resolved summary counts the people's replies in the thread (an edit pings nobody).
  const replies = incident.status === 'open' ? undefined : repliesWords(incident.replies);
  if (replies !== undefined) blocks.push(section(`:speech_balloon: ${replies}`));
  const idTooLong = incident.id.length > BUTTON_VALUE_MAX;
  if (incident.status === 'open' && !idTooLong) blocks.push(actions(incident));
  const idNote =
    incident.status === 'open' && idTooLong
      ? ' (its ID is too long for buttons: shorten the repo, workflow or branch name)'
      : '';
  const escalation =
    incident.escalation === undefined
      ? []
      : [
          {
            type: 'mrkdwn' as const,
            text: `${describeEscalation(incident.escalation, now)}${bargedText(incident)}`,
          },
        ];
  blocks.push({
    type: 'context',
    elements: [
      ...escalation,
      { type: 'mrkdwn', text: `Incident ${code(incident.id, SECTION_MAX - 100)}${idNote}` },
    ],
  });
  return { text: fallbackText(incident), blocks };
}

/** " · Paged at once: still red for 2h 10m (more than 2h)": the latest barge-in's reason. */
function bargedText(incident: Incident): string {
  const barged = incident.decisions?.findLast((decision) => decision.action === 'barge_in');
  return barged === undefined ? '' : ` · Paged at once: ${escapeMrkdwn(barged.reason)}`;
}

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function code(text: string, max = NAME_MAX): string {
  return `\`${inlineText(text, max)}\``;
}

function sha(value: string): string {
  return code(shortSha(value));
}

function titleLine(incident: Incident): string {
  const { repo, workflow, branch } = incident.watch;
  return `${EMOJI[incident.status]} *${inlineText(repo, NAME_MAX)}* · workflow ${code(workflow)} · branch ${code(branch)}`;
}

function statusLine(incident: Incident, now: number): string {
  const redFor = formatDuration(incident.redForMs ?? (incident.resolvedAt ?? now) - incident.since);
  if (incident.status === 'recovered') {
    const at = incident.resolvedSha === undefined ? '' : `, first green at ${sha(incident.resolvedSha)}`;
    return `Recovered after ${redFor}${at}.`;
  }
  if (incident.status === 'flaky') {
    const rerun = `a re-run of ${sha(incident.resolvedSha ?? incident.headSha)} passed`;
    const names = (incident.flakedJobs ?? []).map((name) => code(name));
    const flaked = joinWithin(names, { max: 800, maxItems: MAX_FLAKED, separator: ', ' });
    return `Resolved as flaky after ${redFor}: ${rerun}.${flaked === '' ? '' : `\nFlaky jobs: ${flaked}`}`;
  }
  if (incident.sinceUnknown) {
    return 'CI has been red since unknown — Overseer saw no green before this.';
  }
  const since = localDate(incident.since);
  return `CI has been red for ${redFor} (since ${since}).`;
}

/** A date in each reader's time zone; UTC where a client cannot localize. */
function localDate(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return 'an unknown time';
  return slackDate(epochMs, `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
}

function runLink(incident: Incident): string {
  const { url, attempt, id } = incident.run;
  const label = incident.status === 'open' ? 'View failing run' : 'View the run that failed';
  return link(url, `${label} #${id}${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
}

/**
 * The failing jobs: those with error lines each in a section of their own (the line, then a code
 * block under it), then the rest as one list.
 */
function jobSections(incident: Incident): SectionBlock[] {
  const withLines = incident.failingJobs.filter((job) => job.excerpt !== undefined);
  if (withLines.length === 0) return [section(jobsText(incident))];
  const rest = incident.failingJobs.filter((job) => job.excerpt === undefined);
  const title = incident.status === 'open' ? '*Failing jobs*' : '*Failed jobs*';
  const sections = withLines.map((job, index) => {
    const heading = index === 0 ? `${title} (${incident.failingJobs.length})\n` : '';
    return section(`${heading}${jobLine(job)}\n${job.excerpt ? excerptText(job.excerpt) : ''}`);
  });
  if (rest.length > 0) {
    const list = joinWithin(rest.map(jobLine), {
      max: SECTION_MAX - 50,
      maxItems: MAX_JOBS - withLines.length,
    });
    sections.push(section(list));
  }
  return sections;
}

function jobsText(incident: Incident): string {
  const title = incident.status === 'open' ? '*Failing jobs*' : '*Failed jobs*';
  const jobs = incident.failingJobs;
  if (jobs.length === 0) return `${title}\nNo failed job was reported: see the run.`;
  const heading = `${title} (${jobs.length})`;
  const list = joinWithin(jobs.map(jobLine), { max: SECTION_MAX - heading.length - 1, maxItems: MAX_JOBS });
  return `${heading}\n${list}`;
}

function jobLine(job: JobInfo): string {
  const name = link(job.url, truncate(job.name.replace(/\s+/g, ' '), NAME_MAX));
  if (job.failedSteps.length === 0) return `• ${name}`;
  const steps = job.failedSteps.map((step) => code(step, 60));
  return `• ${name} — failed at ${joinWithin(steps, { max: 400, maxItems: MAX_STEPS, separator: ', ' })}`;
}

function suspectsText(incident: Incident): string {
  const firstRed = sha(incident.firstRedSha);
  if (incident.sinceUnknown) {
    return `*Suspected commits*\nNo commit range can be suspected: Overseer saw no green run before ${firstRed}.`;
  }
  const range =
    incident.lastGreenSha === undefined
      ? `first red ${firstRed}`
      : `last green ${sha(incident.lastGreenSha)}..first red ${firstRed}`;
  const heading = `*Suspected commits* (${range})`;
  const lines = incident.suspects.map((commit) => {
    const author = userRef(commit.slackUserId, commit.authorLogin ?? commit.authorName);
    return `• ${sha(commit.sha)} ${inlineText(commit.title, 120)} — ${author}`;
  });
  if (lines.length === 0 && incident.suspectsOmitted === 0) return `${heading}\nNo commits were listed.`;
  const max = SECTION_MAX - heading.length - 1;
  const list = joinWithin(lines, { max, maxItems: MAX_SUSPECTS, omitted: incident.suspectsOmitted });
  return `${heading}\n${list}`;
}

function acknowledgedText(incident: Incident): string {
  const who = userRef(incident.acknowledgedBy, incident.acknowledgedBy ?? '');
  const at = incident.acknowledgedAt;
  const when = at === undefined ? '' : ` ${localDate(at)}`;
  return `:eyes: Acknowledged by ${who}${when}`;
}

function actions(incident: Incident): ActionsBlock {
  const elements: Button[] = [];
  if (incident.acknowledgedBy === undefined) {
    elements.push(button('Acknowledge', ACK_ACTION_ID, incident.id, 'primary'));
  }
  elements.push(button('Re-run failed jobs', RERUN_ACTION_ID, incident.id));
  return { type: 'actions', block_id: 'overseer_incident_actions', elements };
}

function button(label: string, actionId: string, value: string, style?: 'primary'): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: label, emoji: true },
    action_id: actionId,
    value,
    ...(style === undefined ? {} : { style }),
  };
}

function fallbackText(incident: Incident): string {
  const { repo, workflow, branch } = incident.watch;
  const where = `${inlineText(repo, NAME_MAX)} ${inlineText(branch, NAME_MAX)} (${inlineText(workflow, NAME_MAX)})`;
  const emoji = EMOJI[incident.status];
  let text = `${emoji} CI is red on ${where}`;
  if (incident.status === 'recovered') text = `${emoji} CI recovered on ${where}`;
  if (incident.status === 'flaky') text = `${emoji} CI was flaky on ${where}: a re-run passed`;
  return text;
}
