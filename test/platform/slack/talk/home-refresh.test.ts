import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel, WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHealth } from '../../../../src/core/health.js';
import type { Store } from '../../../../src/core/ports.js';
import {
  HOME_REFRESH_LEASE,
  type HomeRefreshDeps,
  MAX_PER_REFRESH,
  refreshHomeViews,
} from '../../../../src/platform/slack/talk/home-refresh.js';
import { createStore } from '../../../../src/platform/store/create-store.js';
import type { StatusReport, WatchStatus } from '../../../../src/talk/describe-status.js';
import { HOME_VIEWERS_KEY, type HomeViewers, notePublished } from '../../../../src/talk/home-viewers.js';
import { type FakeSlack, startFakeSlack } from '../../../support/fake-slack.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const TOKEN = 'xoxb-home-refresh';
const log = pino({ level: 'silent' });
const users = Array.from({ length: 20 }, (_, i) => `U0VIEWER${String(i).padStart(2, '0')}`);

describe('the Home tab is refreshed for recent viewers when what it shows changes', () => {
  let dataDir: string;
  let store: Store;
  let slack: FakeSlack;
  let now = NOW;
  let watch: WatchStatus = {
    repo: 'acme/widgets',
    workflow: 'ci.yml',
    branch: 'main',
    channel: 'C1',
    signal: 'green',
  };

  const deps = (): HomeRefreshDeps => ({
    client: new WebClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR }),
    store,
    log,
    now: () => now,
    status: async (): Promise<StatusReport> => ({
      dormant: false,
      settings: { ok: true, settings: { selfHeal: { enabled: true, originate: false } } },
      watches: [watch],
      health: createHealth(NOW, false),
      now,
    }),
    flags: async () => ({ ok: false, cause: 'store error' }),
    episodes: async () => ({ ok: true, watches: [], now }),
    isAdmin: async () => false,
  });
  /** The next tick: another replica's lease would be gone by then. */
  const tick = async () => {
    await store.releaseMarker(HOME_REFRESH_LEASE, 'refresh');
    return refreshHomeViews(deps());
  };
  const published = () => slack.callsTo('views.publish').map((call) => String(call.params.user_id));

  beforeEach(async () => {
    now = NOW;
    watch = { ...watch, signal: 'green' };
    dataDir = await mkdtemp(join(tmpdir(), 'overseer-home-'));
    store = await createStore({ kind: 'embedded', dataDir }, log);
    slack = await startFakeSlack({ botToken: TOKEN });
  });
  afterEach(async () => {
    await slack.close();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('publishes to at most MAX_PER_REFRESH a tick, latest openers first, then the rest, then nothing until a change', async () => {
    // Twenty people opened it over the last hour; one a day and more ago.
    for (const [i, user] of users.entries()) {
      now = NOW - 60 * 60_000 + i * 60_000;
      await notePublished(store, now, [{ user, shown: 'before', opened: true }]);
    }
    now = NOW - 25 * 60 * 60_000;
    await notePublished(store, now, [{ user: 'U0LONGAGO', shown: 'before', opened: true }]);
    now = NOW;

    expect(await tick()).toBe(MAX_PER_REFRESH);
    expect(published()).toEqual(users.slice(-MAX_PER_REFRESH).reverse());
    // Another replica in the same tick finds the lease taken and sends nothing.
    expect(await refreshHomeViews(deps())).toBe(0);

    now = NOW + 1_000;
    expect(await tick()).toBe(5);
    expect(published().slice(MAX_PER_REFRESH)).toEqual(users.slice(0, 5).reverse());
    now = NOW + 20_000;
    expect(await tick()).toBe(0);

    // A regression: everyone's view is stale again; nobody is sent two within 10 s.
    watch = { ...watch, signal: 'red' };
    now = NOW + 25_000;
    expect(await tick()).toBe(MAX_PER_REFRESH);
    now = NOW + 26_000;
    expect(await tick()).toBe(5);
    expect(published()).not.toContain('U0LONGAGO');
    const doc = (await store.get<HomeViewers>(HOME_VIEWERS_KEY))?.value;
    expect(Object.keys(doc?.viewers ?? {})).not.toContain('U0LONGAGO');
  });

  it('does nothing, and reads nothing more, when nobody opened the Home tab lately', async () => {
    expect(await tick()).toBe(0);
    expect(slack.calls).toEqual([]);
  });
});
