import { createHash } from 'node:crypto';
import type { HomeData } from './home-view.js';

/**
 * What the Home tab shows that is worth a refresh, as a short hash: each watch's verdict and the
 * commit it stands on, its incident (status, acknowledgement) and fix task state, the episodes
 * kept, the pause, and the flags. Times that only age ("12m ago") are left out, so a view is not
 * republished just because a minute passed.
 */
export function homeFingerprint(data: Omit<HomeData, 'admin' | 'notice'>): string {
  const { status, flags, episodes } = data;
  const shown = {
    settings: status.settings,
    dormant: status.dormant,
    watches: status.watches.map((watch) => [
      watch.repo,
      watch.workflow,
      watch.branch,
      watch.signal,
      watch.standsOn?.sha,
      watch.unreadable,
      watch.incident?.id,
      watch.incident?.status,
      watch.incident?.acknowledgedBy,
      watch.task?.id,
      watch.setAside?.[0]?.at,
      watch.task?.state,
    ]),
    flags: flags.ok ? flags.flags.map((flag) => [flag.name, flag.value, flag.changed?.at]) : flags.cause,
    episodes: episodes.ok
      ? episodes.watches.map((watch) =>
          watch.episodes.map(({ incident, task }) => [
            incident.id,
            incident.status,
            incident.acknowledgedBy,
            task?.state,
          ]),
        )
      : episodes.cause,
  };
  return createHash('sha256').update(JSON.stringify(shown)).digest('base64url').slice(0, 16);
}
