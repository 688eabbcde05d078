import type { WebClient } from '@slack/web-api';
import type { Log, Store } from '../../../core/ports.js';
import type { EpisodesReport } from '../../../talk/describe-episodes.js';
import type { FlagsReport } from '../../../talk/describe-flags.js';
import type { StatusReport } from '../../../talk/describe-status.js';
import { refreshHome } from '../../../talk/refresh-home.js';
import { homeFingerprint } from './home-fingerprint.js';
import { type HomeData, homeView } from './home-view.js';

/** What the Home tab is drawn from, read afresh for each publish or refresh. */
export interface HomeSources {
  readonly status: () => Promise<StatusReport>;
  readonly flags: () => Promise<FlagsReport>;
  readonly episodes: (repo?: string) => Promise<EpisodesReport>;
  /** Whether `userId` may change flags: admins see toggles. */
  readonly isAdmin: (userId: string) => Promise<boolean>;
}

export interface HomeRefreshDeps extends HomeSources {
  readonly client: WebClient;
  readonly store: Store;
  readonly log: Log;
  readonly now: () => number;
}

// The lease, the budget and the change detection are talk's (talk/refresh-home.ts); this adapter reads,
// fingerprints and publishes through the Web API.
export { HOME_REFRESH_LEASE, HOME_REFRESH_MS, MAX_PER_REFRESH } from '../../../talk/refresh-home.js';

export async function readHome(deps: HomeSources): Promise<Omit<HomeData, 'admin' | 'notice'>> {
  const [status, flags, episodes] = await Promise.all([deps.status(), deps.flags(), deps.episodes()]);
  return { status, flags, episodes };
}

export async function publishHome(client: WebClient, userId: string, data: HomeData): Promise<void> {
  await client.views.publish({ user_id: userId, view: homeView(data) as never });
}

/** Republishes changed Home tabs of recent viewers (see refreshHome); answers how many were sent. */
export function refreshHomeViews(deps: HomeRefreshDeps): Promise<number> {
  return refreshHome({
    store: deps.store,
    log: deps.log,
    now: deps.now,
    read: () => readHome(deps),
    fingerprint: homeFingerprint,
    publish: async (user, data) =>
      publishHome(deps.client, user, { ...data, admin: await deps.isAdmin(user) }),
  });
}
