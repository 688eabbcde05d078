import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatFile, ChatMessage, Store } from '../../src/core/ports.js';
import { createStore } from '../../src/platform/store/create-store.js';
import { scheduledReports } from '../../src/report/scheduled-reports.js';

const FIRE = Date.parse('2026-12-07T09:00:00Z');
const WATCHES = [
  { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main', channel: 'C0ONE' },
  { repo: 'acme/gadgets', workflow: 'ci.yml', branch: 'main', channel: 'C0ONE' },
  { repo: 'acme/api', workflow: 'ci.yml', branch: 'main', channel: 'C0TWO' },
];
const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('the scheduled report', () => {
  let store: Store;
  let dataDir: string;
  let now = FIRE - 60_000;
  let posts: ChatMessage[];
  let refuse = 0;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'overseer-report-'));
    store = await createStore({ kind: 'embedded', dataDir });
    now = FIRE - 60_000;
    posts = [];
    refuse = 0;
  });
  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const replica = (replicaId: string) => {
    // report.schedule's fire times: this one, and the next week's.
    const fires = [FIRE, FIRE + 7 * 86_400_000];
    return scheduledReports({
      store,
      clock: { now: () => now },
      log: silent as never,
      replicaId,
      watches: () => WATCHES,
      days: 7,
      nextFire: () => fires.find((at) => at > now),
      chat: {
        post: async (message) => {
          if (refuse > 0) {
            refuse -= 1;
            throw new Error('slack is down');
          }
          posts.push(message);
          return { channel: message.channel, ts: '1.1' };
        },
      },
      files: { upload: async (_file: ChatFile) => 'F1' },
      presenter: { text: () => 'green all week', chart: async () => undefined },
    });
  };

  it('posts nothing before the fire time, then one report per channel, from one of two replicas', async () => {
    const [a, b] = [replica('a'), replica('b')];
    expect(await a()).toBe(0);
    expect(await b()).toBe(0);
    now = FIRE + 1_000;
    const posted = (await Promise.all([a(), b()])).reduce((sum, n) => sum + n, 0);
    expect(posted).toBe(2);
    expect(posts.map((post) => post.channel).sort()).toEqual(['C0ONE', 'C0TWO']);
    now += 60_000;
    await Promise.all([a(), b()]);
    expect(posts).toHaveLength(2);
  });

  it('keeps a report Slack refused owed, and posts it when its lease ends', async () => {
    const a = replica('a');
    await a();
    now = FIRE + 1_000;
    refuse = 2;
    expect(await a()).toBe(0);
    expect(posts).toEqual([]);
    now += 60_000;
    expect(await a()).toBe(0); // still leased
    now += 5 * 60_000;
    expect(await a()).toBe(2);
    expect(posts.map((post) => post.channel).sort()).toEqual(['C0ONE', 'C0TWO']);
  });
});
