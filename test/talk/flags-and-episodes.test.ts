import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_WATCH_DOC, type WatchDoc, watchDocKey } from '../../src/ci/watch-doc.js';
import type { WatchRef } from '../../src/core/domain/types.js';
import type { Chat, Store } from '../../src/core/ports.js';
import type { Incident } from '../../src/incidents/domain/incident.js';
import { createStore } from '../../src/platform/store/create-store.js';
import { changeFlag } from '../../src/settings/change-flag.js';
import { createSettings, SETTINGS_KEY } from '../../src/settings/settings.js';
import { describeEpisodes } from '../../src/talk/describe-episodes.js';
import { describeFlags } from '../../src/talk/describe-flags.js';
import { openIncident } from '../support/incident-fixture.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const HOUR = 3_600_000;
const ADMIN = 'U0ADMIN';
const LEAD = 'U0LEAD';
const OTHER = 'U0OTHER';
const log = pino({ level: 'silent' });
const chat: Pick<Chat, 'usergroupMembers'> = {
  usergroupMembers: async (id) => (id === 'S0LEADS' ? [LEAD] : []),
};
const defaults = { enabled: true, originate: true };
const WIDGETS: WatchRef = { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' };
const GADGETS: WatchRef = { repo: 'acme/gadgets', workflow: 'ci.yml', branch: 'main' };

/** An open incident red since `episode` hours ago, its run numbered like the episode. */
const incident = (watch: WatchRef, episode: number, extra: Partial<Incident> = {}) =>
  openIncident(watch, episode, NOW - episode * HOUR, {
    run: { id: episode, attempt: 1, url: 'https://github.com/run' },
    ...extra,
  });

describe('feature flags and episodes from the store', () => {
  let dataDir: string;
  let store: Store;
  let now = NOW;
  const clock = { now: () => now };
  const flagDeps = () => ({ store, chat, clock, admins: [ADMIN, 'S0LEADS'] });

  beforeEach(async () => {
    now = NOW;
    dataDir = await mkdtemp(join(tmpdir(), 'overseer-flags-'));
    store = await createStore({ kind: 'embedded', dataDir }, log);
  });
  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a non-admin is refused and nothing is written', async () => {
    const outcome = await changeFlag(flagDeps(), OTHER, {
      flag: 'selfHeal.originate',
      value: false,
      confirmed: true,
    });
    expect(outcome).toEqual({ kind: 'not-allowed', admins: [ADMIN, 'S0LEADS'] });
    expect(await store.get(SETTINGS_KEY)).toBeUndefined();
  });

  it('turning a flag off unconfirmed changes nothing; confirmed, it is stored, audited and read by the settings port', async () => {
    const ask = { flag: 'selfHeal.originate', value: false } as const;
    expect(await changeFlag(flagDeps(), LEAD, { ...ask, confirmed: false })).toEqual({
      kind: 'needs-confirmation',
      flag: 'selfHeal.originate',
    });
    expect(await store.get(SETTINGS_KEY)).toBeUndefined();

    now = NOW + HOUR;
    expect(await changeFlag(flagDeps(), LEAD, { ...ask, confirmed: true })).toEqual({
      kind: 'changed',
      flag: 'selfHeal.originate',
      value: false,
      at: NOW + HOUR,
    });
    const settings = createSettings({ store, clock, log, defaults });
    expect(await settings.read()).toEqual({
      ok: true,
      settings: { selfHeal: { enabled: true, originate: false } },
    });
    expect(await changeFlag(flagDeps(), ADMIN, { ...ask, confirmed: true })).toEqual({
      kind: 'unchanged',
      flag: 'selfHeal.originate',
      value: false,
    });

    now = NOW + 2 * HOUR;
    const report = await describeFlags({ store, clock, log, defaults });
    expect(report).toEqual({
      ok: true,
      now: NOW + 2 * HOUR,
      flags: [
        { name: 'selfHeal.enabled', value: true, configured: true },
        {
          name: 'selfHeal.originate',
          value: false,
          configured: true,
          override: false,
          changed: { by: LEAD, at: NOW + HOUR },
        },
      ],
    });
  });

  it('turning enabled off needs no originate change: originate is off in force while enabled is off', async () => {
    await changeFlag(flagDeps(), ADMIN, { flag: 'selfHeal.enabled', value: false, confirmed: true });
    const report = await describeFlags({ store, clock, log, defaults });
    expect(report.ok && report.flags.map(({ name, value }) => [name, value])).toEqual([
      ['selfHeal.enabled', false],
      ['selfHeal.originate', false],
    ]);
    // Turning on needs no confirmation.
    expect(
      (await changeFlag(flagDeps(), ADMIN, { flag: 'selfHeal.enabled', value: true, confirmed: false })).kind,
    ).toBe('changed');
  });

  it('a malformed settings document is reported, not overwritten', async () => {
    await store.put(SETTINGS_KEY, { flags: 'nonsense' }, 0);
    expect(
      await changeFlag(flagDeps(), ADMIN, { flag: 'selfHeal.enabled', value: true, confirmed: false }),
    ).toEqual({
      kind: 'failed',
      cause: 'settings unreadable',
    });
    expect(await describeFlags({ store, clock, log, defaults })).toEqual({
      ok: false,
      cause: 'settings unreadable',
    });
  });

  it('episodes: every watch with its current and earlier incidents, newest first, limited to a repo when asked', async () => {
    const widgets: WatchDoc = {
      ...EMPTY_WATCH_DOC,
      episode: { signal: 'red', episode: 3 },
      current: { incident: incident(WIDGETS, 3), message: { channel: 'C0INC', ts: '1700000000.000100' } },
      earlier: [
        { incident: incident(WIDGETS, 2, { status: 'recovered', resolvedAt: NOW - HOUR, redForMs: HOUR }) },
      ],
    };
    const gadgets: WatchDoc = {
      ...EMPTY_WATCH_DOC,
      episode: { signal: 'green', episode: 1 },
      current: { incident: incident(GADGETS, 1, { status: 'flaky', resolvedAt: NOW }) },
    };
    await store.put(watchDocKey(WIDGETS), widgets, 0);
    await store.put(watchDocKey(GADGETS), gadgets, 0);
    await store.put(watchDocKey({ ...WIDGETS, repo: 'acme/quiet' }), EMPTY_WATCH_DOC, 0);

    const all = await describeEpisodes({ store, clock, log });
    if (!all.ok) throw new Error('unreadable');
    expect(
      all.watches.map(({ watch, signal, episodes }) => [
        watch.repo,
        signal,
        episodes.map((e) => e.incident.episode),
      ]),
    ).toEqual([
      ['acme/gadgets', 'green', [1]],
      ['acme/widgets', 'red', [3, 2]],
    ]);
    expect(all.watches[1]?.episodes[0]?.message).toEqual({ channel: 'C0INC', ts: '1700000000.000100' });

    const one = await describeEpisodes({ store, clock, log }, 'ACME/Widgets');
    expect(one.ok && one.watches.map(({ watch }) => watch.repo)).toEqual(['acme/widgets']);
  });
});
