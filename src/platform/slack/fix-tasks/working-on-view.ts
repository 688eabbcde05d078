import type { FixTask } from '../../../fix-tasks/domain/fix-task.js';
import type { Incident } from '../../../incidents/domain/incident.js';
import type { WorkingOn } from '../../../talk/describe-working-on.js';
import { inlineText, link } from '../mrkdwn.js';
import { renderWorkingOnTask } from './working-on-task.js';
import { incidentLine, person, STANDS } from './working-on-words.js';

function renderIncident(incident: Incident, task: FixTask | undefined, now: number): string {
  const where = ` (*${inlineText(incident.watch.repo, 100)}* ${inlineText(incident.watch.workflow, 100)} on ${inlineText(incident.watch.branch, 100)})`;
  const icon = incident.status === 'open' ? ':red_circle:' : ':large_green_circle:';
  const lines = [
    `${icon} ${incidentLine(incident, now, where)}.`,
    `• Failing run: ${link(incident.run.url, `run #${incident.run.id}`)}`,
  ];
  if (task === undefined) lines.push('• No fix task was proposed for it.');
  else {
    const who = task.approvedBy ? `, approved by ${person(task.approvedBy)}` : '';
    lines.push(
      `• Fix task ${inlineText(task.id, 20)}: ${STANDS[task.state]}${who}. \`/overseer working-on ${inlineText(task.id, 20)}\` tells more.`,
    );
  }
  return lines.join('\n');
}

/** `/overseer working-on <id>`: whether it is being handled, by whom, and what happened to it. */
export function renderWorkingOn(answer: WorkingOn): string {
  switch (answer.kind) {
    case 'task':
      return renderWorkingOnTask(answer);
    case 'incident':
      return renderIncident(answer.incident, answer.task, answer.now);
    case 'unreadable':
      return `:warning: Overseer's store could not be read (${answer.cause}), so I cannot say. Try again in a minute.`;
    case 'not-found': {
      const { query } = answer;
      if (query.kind === 'github')
        return `Overseer is not working on ${inlineText(`${query.repo}#${query.number}`, 200)}: no fix task has it as its pull request or issue.`;
      if (query.kind === 'task')
        return `Overseer holds no fix task ${inlineText(query.taskId, 20)}: it never existed, or its incident is long past. \`/overseer tasks\` lists the open ones.`;
      return `Overseer holds no incident \`${inlineText(query.incidentId, 200)}\`: it never existed, or it is long past. \`/overseer status\` shows the current ones.`;
    }
  }
}
