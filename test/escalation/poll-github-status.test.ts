import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';
import {
  actionsOutage,
  GITHUB_STATUS_POLL_MS,
  type GithubStatusReading,
} from '../../src/escalation/domain/github-status.js';
import {
  GITHUB_STATUS_KEY,
  pollGithubStatus,
  type StatusPollDeps,
  type StatusPollResult,
} from '../../src/escalation/poll-github-status.js';
import { createGithubStatusPage } from '../../src/platform/github/github-status-page.js';
import { createStore } from '../../src/platform/store/create-store.js';
import { type FakeStatusPage, startFakeStatusPage } from '../support/fake-status-page.js';

const START = Date.parse('2026-12-06T16:00:00Z');
const MIN = 60_000;
/** The status client's timeout when the page hangs: the read fails this soon. */
const HANG_TIMEOUT_MS = 300;

describe("GitHub's status page, polled into the store", () => {
  let page: FakeStatusPage;
  let store: Store;
  let dir: string;
  let now: number;
  let counted: StatusPollResult[];
  let deps: StatusPollDeps;

  beforeEach(async () => {
    page = await startFakeStatusPage();
    dir = await mkdtemp(join(tmpdir(), 'overseer-status-'));
    store = await createStore({ kind: 'embedded', dataDir: dir }, pino({ level: 'silent' }));
    now = START;
    counted = [];
    deps = {
      store,
      // Long enough for a loaded machine (300 ms once timed out a good first read in CI's load);
      // the page that hangs gets a short one of its own (HANG_TIMEOUT_MS).
      statusPage: createGithubStatusPage(page.url, 10_000),
      clock: { now: () => now },
      log: pino({ level: 'silent' }),
      count: (result) => counted.push(result),
      replicaId: 'replica-a',
    };
  });
  afterEach(async () => {
    await page.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const reading = async () => (await store.get<GithubStatusReading>(GITHUB_STATUS_KEY))?.value;

  it('stores the Actions status with the ETag, and sends it back: 304 keeps the reading, confirmed now', async () => {
    page.setActions('partial_outage');
    expect(await pollGithubStatus(deps)).toBe('fresh');
    const first = await reading();
    expect(first).toMatchObject({ readAt: START, actions: 'partial_outage' });
    expect(first?.etag).toMatch(/^W\/"/);
    expect(page.requests[0]?.ifNoneMatch).toBeUndefined();

    now += GITHUB_STATUS_POLL_MS;
    expect(await pollGithubStatus(deps)).toBe('unchanged');
    expect(page.requests[1]).toEqual({ ifNoneMatch: first?.etag, status: 304 });
    expect(await reading()).toEqual({ ...first, readAt: now });

    page.setActions('operational');
    now += GITHUB_STATUS_POLL_MS;
    expect(await pollGithubStatus(deps)).toBe('fresh');
    expect(await reading()).toMatchObject({ readAt: now, actions: 'operational' });
    expect((await reading())?.etag).not.toBe(first?.etag);
    expect(counted).toEqual(['fresh', 'unchanged', 'fresh']);
  });

  it('reads once per poll period across replicas; an unclaimed read (start-up) reads anyway', async () => {
    const other = { ...deps, replicaId: 'replica-b' };
    const results = await Promise.all([pollGithubStatus(deps), pollGithubStatus(other)]);
    expect(results.sort()).toEqual(['fresh', 'skipped']);
    expect(page.requests).toHaveLength(1);
    now += GITHUB_STATUS_POLL_MS / 2;
    expect(await pollGithubStatus(other)).toBe('skipped');
    expect(await pollGithubStatus(other, false)).toBe('unchanged');
    now += GITHUB_STATUS_POLL_MS / 2;
    expect(await pollGithubStatus(other)).toBe('unchanged');
    expect(page.requests).toHaveLength(3);
  });

  it.each([
    ['server-error', 'failed:server-error'],
    ['not-found', 'failed:http-status'],
    ['bad-json', 'failed:bad-json'],
    ['hang', 'failed:timeout'],
  ] as const)('a page that fails (%s) changes nothing and is counted', async (failure, result) => {
    page.setActions('major_outage');
    await pollGithubStatus(deps);
    const before = await reading();
    page.fail(failure);
    now += GITHUB_STATUS_POLL_MS;
    // A page that never answers fails the read when the client's timeout runs out: a short one.
    const reader =
      failure === 'hang' ? { ...deps, statusPage: createGithubStatusPage(page.url, HANG_TIMEOUT_MS) } : deps;
    expect(await pollGithubStatus(reader)).toBe(result);
    expect(await reading()).toEqual(before);
    expect(counted).toEqual(['fresh', result]);
  });

  it('a page that cannot be reached (connection refused) changes nothing', async () => {
    page.setActions('major_outage');
    await pollGithubStatus(deps);
    const before = await reading();
    await page.close();
    now += GITHUB_STATUS_POLL_MS;
    expect(await pollGithubStatus(deps)).toBe('failed:refused');
    expect(await reading()).toEqual(before);
  });

  it('a name that does not resolve is a DNS failure', async () => {
    const dns = {
      ...deps,
      statusPage: createGithubStatusPage('http://status.invalid/api/v2/components.json', 2_000),
    };
    expect(await pollGithubStatus(dns)).toBe('failed:dns');
    expect(await reading()).toBeUndefined();
  });

  it('the last good reading ages out while the page stays unreadable: after 10 minutes, no outage', async () => {
    page.setActions('partial_outage');
    await pollGithubStatus(deps);
    page.fail('server-error');
    for (let minute = 2; minute <= 10; minute += 2) {
      now = START + minute * MIN;
      await pollGithubStatus(deps);
      expect(actionsOutage(await reading(), now)).toEqual({ component: 'Actions', status: 'partial_outage' });
    }
    now = START + 12 * MIN;
    await pollGithubStatus(deps);
    expect(actionsOutage(await reading(), now)).toBeUndefined();
  });
});
