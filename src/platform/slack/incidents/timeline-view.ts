import type { TimelineEntry } from '../../../incidents/domain/incident-timeline.js';
import { at, person, STANDS } from '../fix-tasks/working-on-words.js';
import { inlineText } from '../mrkdwn.js';
import { plainReply } from './reply-text.js';

/** Most characters of a reply shown in a timeline line. */
const REPLY_SHOWN = 150;

function what(entry: TimelineEntry): string {
  switch (entry.kind) {
    case 'opened':
      return 'Overseer opened the incident';
    case 'acknowledged':
      return `${person(entry.by)} acknowledged it`;
    case 'task': {
      const task = `fix task ${inlineText(entry.taskId, 20)}`;
      if (entry.to === 'pending') return `Overseer proposed ${task}`;
      const by = entry.actor === 'overseer' ? '' : ` (${person(entry.actor)})`;
      return `${task}: ${STANDS[entry.to]}${by}`;
    }
    case 'resolved':
      return entry.status === 'flaky' ? 'resolved as flaky: a re-run passed' : 'CI recovered';
    case 'reply':
      return `${person(entry.user)}: “${plainReply(entry.text, REPLY_SHOWN)}”`;
  }
}

/** The timeline as mrkdwn lines, oldest first: "• 14:02 UTC Overseer opened the incident". */
export function renderTimeline(entries: readonly TimelineEntry[], now: number): string[] {
  return entries.map((entry) => `• ${at(entry.at, now)} ${what(entry)}`);
}
