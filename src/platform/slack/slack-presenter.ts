import type { IncidentPresenter } from '../../core/ports.js';
import { renderDm, renderPage } from './escalation/escalation-view.js';
import { renderTask } from './fix-tasks/task-view.js';
import { renderDigest } from './incidents/digest-view.js';
import { renderChannelLink } from './incidents/incident-channel-view.js';
import { renderIncident } from './incidents/incident-view.js';
import { renderRefusal, renderReplacement } from './incidents/refusal-view.js';
import { repliesWords } from './incidents/reply-text.js';
import { renderThreadNote } from './incidents/thread-note-view.js';
import { renderStorm } from './storms/storm-view.js';

export const slackPresenter: IncidentPresenter = {
  // A storm's message (another watch joined this incident) shows every watch of the storm.
  incident: (incident, now, task) =>
    incident.storm !== undefined && incident.storm.members.length > 0
      ? renderStorm(incident, incident.storm, now)
      : renderIncident(incident, now, task),
  note: (note, incident) => {
    const text = renderThreadNote(note, incident.watch);
    // The resolution note counts the thread's replies; without a name: a mention here would ping.
    const replies =
      note.type === 'recovered' || note.type === 'flaky' ? repliesWords(incident.replies, false) : undefined;
    return replies === undefined ? text : `${text}\n:speech_balloon: ${replies}.`;
  },
  task: (task, incident) => renderTask(task, incident),
  page: (call, incident) => renderPage(call, incident),
  dm: (incident, permalink) => renderDm(incident, permalink),
  digest: (day, entries) => renderDigest(day, entries),
  replacement: (view) => renderReplacement(view),
  refusal: (refused) => renderRefusal(refused),
  channelLink: (channel, invited, incident) => renderChannelLink(channel, invited, incident),
};
