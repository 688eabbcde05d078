import type { WatchRef } from '../../src/core/domain/types.js';
import type { Incident } from '../../src/incidents/domain/incident.js';

/** An open incident of `watch`'s episode `episode`, red since `since`: the fields a test does not care about filled plainly. */
export function openIncident(
  watch: WatchRef,
  episode: number,
  since: number,
  extra: Partial<Incident> = {},
): Incident {
  return {
    id: `${watch.repo}:${watch.workflow}:${watch.branch}#${episode}`,
    watch,
    episode,
    status: 'open',
    since,
    sinceUnknown: false,
    firstRedSha: 'a'.repeat(40),
    headSha: 'a'.repeat(40),
    run: { id: 1, attempt: 1, url: 'https://github.com/run' },
    failingJobs: [],
    suspects: [],
    suspectsOmitted: 0,
    laterRedShas: [],
    ...extra,
  };
}
