import type { Incident } from '../../incidents/domain/incident.js';
import type { StormMember } from './storm-view.js';

/** The storm message's line of an incident that joined: where it stands, from its own document. */
export function stormMemberOf(incident: Incident): StormMember {
  return {
    incidentId: incident.id,
    watch: incident.watch,
    since: incident.since,
    ...(incident.sinceUnknown ? { sinceUnknown: true } : {}),
    status: incident.status,
    ...(incident.resolvedAt === undefined ? {} : { resolvedAt: incident.resolvedAt }),
    runUrl: incident.run.url,
    jobs: incident.failingJobs.slice(0, 3).map((job) => job.name),
    ...(incident.acknowledgedBy === undefined ? {} : { acknowledgedBy: incident.acknowledgedBy }),
  };
}
