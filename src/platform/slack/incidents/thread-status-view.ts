import { shortSha } from '../../../diagnosis/domain/culprit.js';
import { describeEscalation } from '../../../escalation/domain/describe-escalation.js';
import type { FixTask } from '../../../fix-tasks/domain/fix-task.js';
import type { Incident } from '../../../incidents/domain/incident.js';
import { incidentTimeline } from '../../../incidents/domain/incident-timeline.js';
import { incidentLine, person, STANDS } from '../fix-tasks/working-on-words.js';
import { inlineText, joinWithin } from '../mrkdwn.js';
import { ackWords } from '../talk/episode-words.js';
import { repliesWords } from './reply-text.js';
import { renderTimeline } from './timeline-view.js';

/** Timeline lines shown in a status answer; "timeline" asks for the longer one. */
const STATUS_TIMELINE = 5;

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

function jobsWords(incident: Incident): string {
  if (incident.failingJobs.length === 0) return 'no failed job was reported';
  const names = incident.failingJobs.map((job) => {
    const step = job.failedSteps[0];
    return `\`${inlineText(job.name, 80)}\`${step === undefined ? '' : ` (at \`${inlineText(step, 60)}\`)`}`;
  });
  return joinWithin(names, { max: 600, maxItems: 5, separator: ', ' });
}

function taskWords(task: FixTask | undefined): string {
  if (task === undefined) return 'No fix task was proposed for it.';
  const who = task.approvedBy ? `, approved by ${person(task.approvedBy)}` : '';
  return `Fix task ${inlineText(task.id, 20)}: ${STANDS[task.state]}${who}.`;
}

/**
 * "@Overseer status" (or "what are you working on?") in an incident's thread: that incident's
 * state: red since when, its failing jobs, who acknowledged it, where escalation stands, its fix
 * task, and the latest of its timeline.
 */
export function renderThreadStatus(incident: Incident, task: FixTask | undefined, now: number): string {
  const icon = incident.status === 'open' ? ':red_circle:' : ':large_green_circle:';
  const lines = [`${icon} ${incidentLine(incident, now)}.`];
  if (incident.status === 'open') {
    lines.push(`• Failing at \`${inlineText(shortSha(incident.headSha), 12)}\`: ${jobsWords(incident)}`);
  }
  lines.push(
    incident.escalation === undefined
      ? `• ${sentence(ackWords(incident))}`
      : `• ${describeEscalation(incident.escalation, now)}`,
  );
  lines.push(`• ${taskWords(task)}`);
  const replies = repliesWords(incident.replies);
  if (replies !== undefined) lines.push(`• ${sentence(replies)}`);
  lines.push('*Latest*', ...renderTimeline(incidentTimeline(incident, task, STATUS_TIMELINE), now));
  lines.push('_Ask me `why is CI red?`, `ack`, `timeline`, `who is on call?` or `help` here._');
  return lines.join('\n');
}

/** "@Overseer timeline" in an incident's thread: what happened to it, oldest first. */
export function renderThreadTimeline(incident: Incident, task: FixTask | undefined, now: number): string {
  const entries = incidentTimeline(incident, task);
  return [`*Timeline of \`${inlineText(incident.id, 200)}\`*`, ...renderTimeline(entries, now)].join('\n');
}
