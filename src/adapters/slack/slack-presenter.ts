import type { IncidentPresenter } from '../../app/ports.js';
import { renderDigest } from './digest-view.js';
import { renderDm, renderPage } from './escalation-view.js';
import { renderChannelLink } from './incident-channel-view.js';
import { renderIncident } from './incident-view.js';
import { renderTask } from './task-view.js';
import { renderThreadNote } from './thread-note-view.js';

export const slackPresenter: IncidentPresenter = {
  incident: (incident, now) => renderIncident(incident, now),
  note: (note, incident) => renderThreadNote(note, incident.watch),
  task: (task, incident) => renderTask(task, incident),
  page: (call, incident) => renderPage(call, incident),
  dm: (incident, permalink) => renderDm(incident, permalink),
  digest: (day, entries) => renderDigest(day, entries),
  channelLink: (channel, invited, incident) => renderChannelLink(channel, invited, incident),
};
