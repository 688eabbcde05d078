// Over 250 lines: the incident message is one Block Kit layout (header, sections, buttons, context); split, its parts would only import each other.
import type { ActionsBlock, Button, ContextBlock, HeaderBlock, KnownBlock } from '@slack/web-api';
import { describeEscalation } from '../../../escalation/domain/describe-escalation.js';
import type { FixTask, FixTaskState } from '../../../fix-tasks/domain/fix-task.js';
import { type Incident, laterRedCount } from '../../../incidents/domain/incident.js';
import { seenBeforeText } from '../diagnosis/excerpt-view.js';
import { githubReportLine, githubReportWords } from '../escalation/github-report-view.js';
import { STATE_WORDS, TEXT_WHAT } from '../fix-tasks/task-view.js';
import {
  escapeMrkdwn,
  formatDuration,
  inlineText,
  joinWithin,
  link,
  slackDate,
  truncate,
  userRef,
} from '../mrkdwn.js';
import {
  BUTTON_VALUE_MAX,
  code,
  compactJobsText,
  compactSuspectsText,
  HEADER_MAX,
  jobSections,
  NAME_MAX,
  repoLink,
  SECTION_MAX,
  section,
  sha,
  suspectsText,
} from './incident-sections.js';
import { repliesWords } from './reply-text.js';
import { AUTO_RETRY_WORDS } from './thread-note-view.js';

export const ACK_ACTION_ID = 'overseer_ack';
export const RERUN_ACTION_ID = 'overseer_rerun';

/** The fallback text (≤ 4000) is short by construction. */
const MAX_FLAKED = 10;

const EMOJI = { open: ':red_circle:', recovered: ':large_green_circle:', flaky: ':large_yellow_circle:' };

/** A fix task between Approve & Start and its merge being checked: someone (or something) is on it. */
const UNDER_WAY: readonly FixTaskState[] = [
  'starting',
  'running',
  'pr_open',
  'checks_passed',
  'awaiting_merge_approval',
  'merged',
];

/**
 * The one Slack message of an incident. Open: the state at a glance, what changed, who is on it,
 * what broke (error lines), who might know, what to do. Resolved: a short summary; the details
 * stay in the thread. `task` is the incident's fix task, when it has one.
 */
export function renderIncident(
  incident: Incident,
  now: number,
  task?: FixTask,
): { text: string; blocks: KnownBlock[] } {
  const blocks =
    incident.status === 'open' ? openBlocks(incident, now, task) : resolvedBlocks(incident, task);
  return { text: fallbackText(incident, task), blocks };
}

function openBlocks(incident: Incident, now: number, task: FixTask | undefined): KnownBlock[] {
  const blocks: KnownBlock[] = [
    header(incident, task),
    section(`${changeLine(incident, now)}\n${whereLine(incident)}`),
    context(whoIsOnIt(incident, now)),
  ];
  if (incident.githubReport !== undefined) blocks.push(context(githubReportLine(incident.githubReport)));
  if (task !== undefined) blocks.push(context(taskLine(task)));
  blocks.push({ type: 'divider' }, ...jobSections(incident));
  const why: string[] = [];
  if (incident.seenBefore !== undefined) why.push(seenBeforeText(incident.seenBefore));
  if (incident.autoRetry !== undefined) why.push(`:repeat: ${AUTO_RETRY_WORDS[incident.autoRetry]}`);
  if (why.length > 0) blocks.push(context(why.join('\n')));
  blocks.push(section(suspectsText(incident)));
  const idTooLong = incident.id.length > BUTTON_VALUE_MAX;
  if (!idTooLong) blocks.push(actions(incident));
  blocks.push(context(footer(incident, idTooLong)));
  return blocks;
}

function resolvedBlocks(incident: Incident, task: FixTask | undefined): KnownBlock[] {
  const lines = [resolvedLine(incident)];
  const fixedBy =
    task?.state === 'verified'
      ? `Fixed by fix task ${inlineText(task.id, 40)} (${TEXT_WHAT[task.strategy]}).`
      : '';
  if (fixedBy !== '') lines.push(fixedBy);
  lines.push(`${ackSummary(incident)} · ${runLink(incident)}`);
  const replies = repliesWords(incident.replies);
  if (replies !== undefined) lines.push(`:speech_balloon: ${replies}`);
  const details = [compactJobsText(incident), compactSuspectsText(incident)].filter(
    (line): line is string => line !== undefined,
  );
  const blocks: KnownBlock[] = [header(incident, task), section(lines.join('\n'))];
  if (details.length > 0) blocks.push(context(details.join('\n')));
  blocks.push(context(footer(incident, false)));
  return blocks;
}

function header(incident: Incident, task: FixTask | undefined): HeaderBlock {
  const repo = inlineText(incident.watch.repo, 80);
  return {
    type: 'header',
    text: {
      type: 'plain_text',
      text: truncate(`${stateWords(incident, task)} · ${repo}`, HEADER_MAX),
      emoji: true,
    },
  };
}

/** The state in words (colour is only a help): red, acknowledged, fix under way, flaky, green. */
function stateWords(incident: Incident, task: FixTask | undefined): string {
  if (incident.status === 'recovered') return `${EMOJI.recovered} Green again`;
  if (incident.status === 'flaky') return `${EMOJI.flaky} Flaky: green on a re-run`;
  if (task !== undefined && UNDER_WAY.includes(task.state)) return ':hammer_and_wrench: Red · fix under way';
  if (incident.acknowledgedBy !== undefined) return ':eyes: Red · acknowledged';
  return `${EMOJI.open} CI is red`;
}

function context(text: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

/** What changed first (a newer red commit), then how long it has been red. */
function changeLine(incident: Incident, now: number): string {
  const later = incident.laterRedShas.at(-1);
  const red = redForText(incident, now);
  if (later === undefined) return red;
  const count = laterRedCount(incident);
  return `*Still red at ${sha(later)}* (${count} new ${count === 1 ? 'commit' : 'commits'}) · ${red}`;
}

function redForText(incident: Incident, now: number): string {
  if (incident.sinceUnknown) return 'CI has been red since unknown — Overseer saw no green before this.';
  const redFor = formatDuration(incident.redForMs ?? (incident.resolvedAt ?? now) - incident.since);
  return `CI has been red for ${redFor} (since ${localDate(incident.since)}).`;
}

function whereLine(incident: Incident): string {
  const { workflow, branch } = incident.watch;
  return `Workflow ${code(workflow)} · branch ${code(branch)} · ${runLink(incident)}`;
}

/** Who took it on, or where escalation stands; and the latest barge-in's reason. */
function whoIsOnIt(incident: Incident, now: number): string {
  const barged = incident.decisions?.findLast((decision) => decision.action === 'barge_in');
  // Opened in a GitHub outage: a barge-in's pages were held, so nobody was paged at once.
  const held = incident.githubReport !== undefined;
  const paged = barged === undefined || held ? '' : ` · Paged at once: ${escapeMrkdwn(barged.reason)}`;
  if (incident.escalation !== undefined) {
    const emoji = incident.acknowledgedBy === undefined ? ':bell:' : ':eyes:';
    return `${emoji} ${describeEscalation(incident.escalation, now)}${paged}`;
  }
  if (incident.acknowledgedBy !== undefined) return `${acknowledgedText(incident)}${paged}`;
  return `:bell: Not acknowledged yet${paged}`;
}

function acknowledgedText(incident: Incident): string {
  const who = userRef(incident.acknowledgedBy, incident.acknowledgedBy ?? '');
  const at = incident.acknowledgedAt;
  return `:eyes: Acknowledged by ${who}${at === undefined ? '' : ` ${localDate(at)}`}`;
}

/** "Fix task T-3 (re-run the failed jobs): :arrows_counterclockwise: Running · details in the thread". */
function taskLine(task: FixTask): string {
  return `:hammer_and_wrench: Fix task ${inlineText(task.id, 40)} (${TEXT_WHAT[task.strategy]}): ${STATE_WORDS[task.state]} · details in the thread`;
}

function resolvedLine(incident: Incident): string {
  const redFor = formatDuration(
    incident.redForMs ?? (incident.resolvedAt ?? incident.since) - incident.since,
  );
  if (incident.status === 'recovered') {
    const at =
      incident.resolvedSha === undefined
        ? ''
        : `, first green at ${sha(incident.resolvedSha)} (${repoLink(incident, `commit/${incident.resolvedSha}`, 'commit')})`;
    return `*Recovered after ${redFor}*${at}.`;
  }
  const rerun = `a re-run of ${sha(incident.resolvedSha ?? incident.headSha)} passed`;
  const names = (incident.flakedJobs ?? []).map((name) => code(name));
  const flaked = joinWithin(names, { max: 800, maxItems: MAX_FLAKED, separator: ', ' });
  return `*Resolved as flaky after ${redFor}*: ${rerun}.${flaked === '' ? '' : `\nFlaky jobs: ${flaked}`}`;
}

/** Time to acknowledge and to resolve (from the escalation's record), or who acknowledged. */
function ackSummary(incident: Incident): string {
  if (incident.escalation !== undefined) {
    const emoji = incident.escalation.acknowledged === undefined ? '' : ':eyes: ';
    return `${emoji}${describeEscalation(incident.escalation, incident.resolvedAt ?? incident.since)}`;
  }
  if (incident.acknowledgedBy !== undefined) return acknowledgedText(incident);
  return 'Nobody acknowledged it';
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
 * "#3 on acme/widgets · ci.yml · main", then the full ID where a person needs it: `/overseer ack`
 * and `/overseer working-on` take it as it is written here.
 */
function footer(incident: Incident, idTooLong: boolean): string {
  const { repo, workflow, branch } = incident.watch;
  const where = `#${incident.episode} on ${inlineText(repo, NAME_MAX)} · ${inlineText(workflow, NAME_MAX)} · ${inlineText(branch, NAME_MAX)}`;
  const id = code(incident.id, SECTION_MAX - 400);
  if (idTooLong)
    return `${where} · its ID is too long for buttons (shorten the repo, workflow or branch name): ${id}`;
  if (incident.status === 'open' && incident.acknowledgedBy === undefined)
    return `${where} · acknowledge from anywhere: \`/overseer ack ${inlineText(incident.id, SECTION_MAX - 400)}\``;
  return `${where} · details: \`/overseer working-on ${inlineText(incident.id, SECTION_MAX - 400)}\``;
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

function fallbackText(incident: Incident, task: FixTask | undefined): string {
  const { repo, workflow, branch } = incident.watch;
  const where = `${inlineText(repo, NAME_MAX)} ${inlineText(branch, NAME_MAX)} (${inlineText(workflow, NAME_MAX)})`;
  const emoji = EMOJI[incident.status];
  if (incident.status === 'recovered') return `${emoji} CI recovered on ${where}`;
  if (incident.status === 'flaky') return `${emoji} CI was flaky on ${where}: a re-run passed`;
  const state =
    task !== undefined && UNDER_WAY.includes(task.state)
      ? ' (fix under way)'
      : incident.acknowledgedBy === undefined
        ? ''
        : ' (acknowledged)';
  const outage = incident.githubReport?.operationalAgainAt === undefined ? incident.githubReport : undefined;
  const report = outage === undefined ? '' : ` · ${githubReportWords(outage)}`;
  return `${emoji} CI is red on ${where}${state}${report}`;
}
