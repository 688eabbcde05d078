import type { Incident } from '../../../incidents/domain/incident.js';
import { inlineText, joinWithin } from '../mrkdwn.js';

const NAME_MAX = 100;

/**
 * How an incident stands in a storm, for the answers that list incidents (`/overseer status`,
 * `incidents`, `history`, the Home tab): "storm of 4 watches: acme/b, acme/c, acme/d" on its lead,
 * "in the storm of acme/a" on a watch that joined; undefined outside any storm.
 */
export function stormWords(incident: Incident): string | undefined {
  if (incident.joined !== undefined) {
    return `:rotating_light: in the storm of ${inlineText(incident.joined.lead.watch.repo, NAME_MAX)}`;
  }
  const members = incident.storm?.members ?? [];
  if (members.length === 0) return undefined;
  const names = members.map((member) => {
    const repo = inlineText(member.watch.repo, NAME_MAX);
    return member.status === 'open' ? repo : `${repo} (green again)`;
  });
  return `:rotating_light: storm of ${members.length + 1} watches: ${joinWithin(names, { max: 600, maxItems: 8, separator: ', ' })}`;
}
