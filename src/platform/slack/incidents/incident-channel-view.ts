import type { Incident } from '../../../incidents/domain/incident.js';

/** A channel reference Slack renders as a link; anything not shaped like a channel ID is not linked. */
function channelRef(id: string): string {
  return /^[CG][A-Z0-9]+$/.test(id) ? `<#${id}>` : 'its own channel';
}

/** The incident thread's pointer to the incident's own channel, once it is set up. */
export function renderChannelLink(channel: string, invited: number, incident: Incident): string {
  const people =
    invited === 0
      ? 'Nobody could be invited (no one on call, no suspected author known in Slack): join it from here.'
      : `On-call and the suspected authors are invited (${invited} ${invited === 1 ? 'person' : 'people'}).`;
  const archived = incident.status === 'open' ? 'a day after CI recovers' : 'a day after this recovery';
  return `:busts_in_silhouette: Incident channel: ${channelRef(channel)}. ${people} The summary is pinned there; the channel is archived ${archived}.`;
}
