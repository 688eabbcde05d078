import type { IncidentPresenter } from '../../app/ports.js';
import { renderDigest } from './digest-view.js';
import { renderDm, renderPage } from './escalation-view.js';
import { renderChannelLink } from './incident-channel-view.js';
import { renderIncident } from './incident-view.js';
import { renderRefusal, renderReplacement } from './refusal-view.js';
import { repliesWords } from './reply-text.js';
import { renderTask } from './task-view.js';
import { renderThreadNote } from './thread-note-view.js';

export const slackPresenter: IncidentPresenter = {
  incident: (incident, now, task) => renderIncident(incident, now, task),
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
