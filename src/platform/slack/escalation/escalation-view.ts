import type { KnownBlock } from '@slack/web-api';
import type { PageCall } from '../../../core/ports.js';
import type { Recipient } from '../../../escalation/domain/step-recipients.js';
import type { Incident } from '../../../incidents/domain/incident.js';
import { BUTTON_VALUE_MAX, NAME_MAX } from '../incidents/incident-sections.js';
import { ACK_ACTION_ID } from '../incidents/incident-view.js';
import { inlineText, link, mention, userRef } from '../mrkdwn.js';

function whereText(incident: Incident): string {
  const { repo, workflow, branch } = incident.watch;
  return `*${inlineText(repo, NAME_MAX)}* · \`${inlineText(workflow, NAME_MAX)}\` on \`${inlineText(branch, NAME_MAX)}\``;
}

function recipientText(to: Recipient): string {
  switch (to.kind) {
    case 'channel':
      return '<!channel>';
    case 'here':
      return '<!here>';
    case 'usergroup':
      return mention(to.id);
    case 'users':
      return to.ids.map(mention).join(' ');
  }
}

/** The reply an escalation action posts in the incident thread. */
export function renderPage(call: PageCall, incident: Incident): string {
  const jobs = incident.failingJobs.length;
  const failing = jobs === 0 ? '' : ` (${jobs} failing ${jobs === 1 ? 'job' : 'jobs'})`;
  switch (call.kind) {
    case 'reminder':
      return `:bell: Reminder: CI is still red${failing} and nobody has acknowledged this incident.`;
    case 'mention':
      return `:rotating_light: ${recipientText(call.to)} CI is red${failing} and nobody has acknowledged this incident yet. Please take a look, then press *Acknowledge*.`;
    case 'nobody':
      return call.via === 'dm'
        ? ':warning: An escalation step would DM someone, but its target names nobody (on-call empty, or no suspected author known in Slack).'
        : ':warning: An escalation step would mention someone, but its target names nobody (on-call empty, or no suspected author known in Slack).';
  }
}

/** An escalation DM: what broke and where to look; with Acknowledge until someone took it. */
export function renderDm(incident: Incident, permalink: string): { text: string; blocks: KnownBlock[] } {
  const open = incident.status === 'open' && incident.acknowledgedBy === undefined;
  const where = whereText(incident);
  const headline = open
    ? `:rotating_light: CI is red on ${where} and nobody has acknowledged it.`
    : incident.acknowledgedBy !== undefined
      ? `:eyes: ${userRef(incident.acknowledgedBy, incident.acknowledgedBy)} acknowledged the CI incident on ${where}.`
      : `:large_green_circle: CI is green again on ${where}: the incident ${incident.status === 'flaky' ? 'was a flaky failure (a re-run passed)' : 'recovered'}, nobody needs to act.`;
  const text = `${headline}\n${link(permalink, 'Open the incident')} · ${link(incident.run.url, 'View failing run')}`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  // An incident ID longer than a button's value may be gets no button (the view says so).
  if (open && incident.id.length <= BUTTON_VALUE_MAX) {
    blocks.push({
      type: 'actions',
      block_id: 'overseer_dm_actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Acknowledge', emoji: true },
          action_id: ACK_ACTION_ID,
          value: incident.id,
          style: 'primary',
        },
      ],
    });
  }
  const fallback = open
    ? `CI is red on ${inlineText(incident.watch.repo, NAME_MAX)}: nobody has acknowledged it`
    : `CI incident on ${inlineText(incident.watch.repo, NAME_MAX)}: ${incident.acknowledgedBy ? 'acknowledged' : 'recovered'}`;
  return { text: fallback, blocks };
}
