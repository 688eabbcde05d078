// The message of a storm: one cause, several watches. It is the first incident's message,
// re-rendered in place as watches join and go green (storms/report-to-lead.ts).
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  HeaderBlock,
  KnownBlock,
  SectionBlock,
} from '@slack/web-api';
import type { WatchRef } from '../../../core/domain/types.js';
import type { Incident } from '../../../incidents/domain/incident.js';
import { stormMemberOf } from '../../../storms/domain/storm-member-of.js';
import { type StormMember, type StormView, stormCounts } from '../../../storms/domain/storm-view.js';
import {
  BUTTON_VALUE_MAX,
  HEADER_MAX,
  NAME_MAX,
  SECTION_MAX,
  section,
  suspectsText,
} from '../incidents/incident-sections.js';
import { ACK_ACTION_ID } from '../incidents/incident-view.js';
import { formatDuration, inlineCode, inlineText, link, slackDate, truncate, userRef } from '../mrkdwn.js';

export const SPLIT_ACTION_ID = 'overseer_storm_split';
export const SPLIT_LABEL = 'Not the same cause';

/** 50 blocks a message (Slack's limit), so at most this many lines. */
const MAX_LINES = 40;

/** The **Not the same cause** button's value: the storm's lead incident and the member split off. */
export function splitValue(leadId: string, memberId: string): string {
  return JSON.stringify([leadId, memberId]);
}

/** Reads a **Not the same cause** button's value; undefined for anything else. */
export function readSplitValue(value: string): { leadId: string; memberId: string } | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [leadId, memberId] = parsed as unknown[];
    if (typeof leadId !== 'string' || typeof memberId !== 'string') return undefined;
    return { leadId, memberId };
  } catch {
    return undefined;
  }
}

function localDate(epochMs: number): string {
  return slackDate(epochMs, `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
}

function where(watch: WatchRef): string {
  return `*${inlineText(watch.repo, NAME_MAX)}* · ${inlineCode(watch.workflow, NAME_MAX)} · ${inlineCode(watch.branch, NAME_MAX)}`;
}

/** One watch's line: where, its state in words (not only colour), its run. */
function memberText(member: StormMember, now: number): string {
  const run = link(member.runUrl, 'run');
  if (member.status === 'open') {
    const since = member.sinceUnknown
      ? 'red since unknown'
      : `red for ${formatDuration(now - member.since)} (since ${localDate(member.since)})`;
    return `:red_circle: ${where(member.watch)} — ${since} · ${run}`;
  }
  const after =
    member.resolvedAt === undefined ? '' : ` after ${formatDuration(member.resolvedAt - member.since)}`;
  const word = member.status === 'flaky' ? 'green on a re-run' : 'green again';
  return `:large_green_circle: ${where(member.watch)} — ${word}${after} · ${run}`;
}

function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, HEADER_MAX), emoji: true } };
}

function context(text: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
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

/** A member's line, with **Not the same cause** while it is red (the lead's own line has none). */
function memberSection(lead: Incident, member: StormMember, now: number): SectionBlock {
  const block = section(memberText(member, now));
  const value = splitValue(lead.id, member.incidentId);
  if (member.status !== 'open' || value.length > BUTTON_VALUE_MAX) return block;
  return { ...block, accessory: button(SPLIT_LABEL, SPLIT_ACTION_ID, value) };
}

function whoIsOnIt(lead: Incident): string {
  if (lead.status !== 'open') {
    const repo = inlineText(lead.watch.repo, NAME_MAX);
    return `:grey_exclamation: The storm's page ended when ${repo} went green; the watches still red are marked above (*Not the same cause* pages one on its own)`;
  }
  if (lead.acknowledgedBy !== undefined) {
    const at = lead.acknowledgedAt === undefined ? '' : ` ${localDate(lead.acknowledgedAt)}`;
    return `:eyes: Acknowledged by ${userRef(lead.acknowledgedBy, lead.acknowledgedBy)}${at}, for every watch here`;
  }
  return ':bell: Not acknowledged yet · one page for the whole storm';
}

/**
 * The storm's message: how many watches and the shared error line in the header, each watch
 * with its state, one Acknowledge for all, and **Not the same cause** on each joined watch's line.
 * It is over when the last watch is green. Suspects per watch are in the thread.
 */
export function renderStorm(
  lead: Incident,
  storm: StormView,
  now: number,
): { text: string; blocks: KnownBlock[] } {
  const leadOpen = lead.status === 'open';
  const { watches, red } = stormCounts(leadOpen, storm);
  const over = red === 0;
  const title = over
    ? `:large_green_circle: Storm over · ${watches} watches green again`
    : `:rotating_light: Storm · ${red} of ${watches} watches red from one cause`;
  const line = inlineCode(storm.line, SECTION_MAX - 200);
  const blocks: KnownBlock[] = [header(title), section(`*Shared error:* ${line}`)];
  if (!over) blocks.push(context(whoIsOnIt(lead)));
  blocks.push({ type: 'divider' }, section(memberText(stormMemberOf(lead), now)));
  const members = storm.members.slice(0, MAX_LINES);
  for (const member of members) blocks.push(memberSection(lead, member, now));
  const hidden = storm.members.length - members.length;
  if (hidden > 0) blocks.push(context(`…and ${hidden} more watches: \`/overseer incidents\` lists them.`));
  if (!over) {
    const named = suspectsText(lead).replace(
      '*Suspected commits*',
      `*Suspected commits in ${inlineText(lead.watch.repo, NAME_MAX)}*`,
    );
    blocks.push(section(truncate(named, SECTION_MAX)));
    if (leadOpen && lead.acknowledgedBy === undefined && lead.id.length <= BUTTON_VALUE_MAX) {
      const actions: ActionsBlock = {
        type: 'actions',
        block_id: 'overseer_storm_actions',
        elements: [button('Acknowledge', ACK_ACTION_ID, lead.id, 'primary')],
      };
      blocks.push(actions);
    }
  }
  blocks.push(
    context(
      `Each watch's suspected commits are in the thread · storm of ${inlineText(lead.id, NAME_MAX * 3)} · ` +
        `\`/overseer working-on ${inlineText(lead.id, NAME_MAX * 3)}\``,
    ),
  );
  const text = over
    ? `:large_green_circle: Storm over: ${watches} watches green again`
    : `:rotating_light: Storm: ${red} of ${watches} watches red from one cause`;
  return { text, blocks };
}
