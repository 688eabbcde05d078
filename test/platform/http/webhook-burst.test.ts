import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coalesceChecks } from '../../../src/ci/coalesce-checks.js';
import type { WatchTargetSource } from '../../../src/ci/run-cycle.js';
import { createWatchSources } from '../../../src/ci/watch-sources.js';
import type { Store } from '../../../src/core/ports.js';
import { createGitHubCi } from '../../../src/platform/github/github-ci.js';
import { createIngress } from '../../../src/platform/http/create-ingress.js';
import { createHttpServer } from '../../../src/platform/http/create-server.js';
import { createWebhookHandler } from '../../../src/platform/http/github-webhook.js';
import { createStore } from '../../../src/platform/store/create-store.js';
import { deliverWorkflowRun } from '../../support/deliver-webhook.js';
import { type FakeGitHub, startFakeGitHub } from '../../support/fake-github.js';
import { ALICE, WEBHOOK_SECRET } from '../../support/scenario.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const REPOS = ['acme/one', 'acme/two', 'acme/three'];
const LIMIT = 2;

describe('a burst of webhooks for a few watches', () => {
  let github: FakeGitHub;
  let server: Server;
  let store: Store;
  let dataDir: string;
  let port: number;
  const work: Array<Promise<unknown>> = [];

  /** What each watch's last check read: the conclusion of the newest run. */
  const seen = new Map<string, string | null | undefined>();
  const started = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  let openGate: () => void = () => {};
  let gate: Promise<void>;

  beforeEach(async () => {
    github = await startFakeGitHub();
    for (const repo of REPOS) github.addRepo(repo, { defaultBranch: 'main' });
    dataDir = await mkdtemp(join(tmpdir(), 'overseer-burst-'));
    store = await createStore({ kind: 'embedded', dataDir });
    const ci = createGitHubCi(new Octokit({ baseUrl: github.url, auth: 'ghp_test' }));
    const sources = createWatchSources(
      REPOS.map((repo) => ({ repo, workflow: 'ci.yml', branch: 'main', channel: 'C0', users: {} })),
      ci,
    );
    gate = new Promise((resolve) => {
      openGate = resolve;
    });
    // A check: reads GitHub, then takes a while (held at the gate) before it is done.
    const check = async (source: WatchTargetSource) => {
      started.set(source.repo, (started.get(source.repo) ?? 0) + 1);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const target = await source.resolve();
      const { runs } = await ci.listRuns(target.watch, 1);
      await gate;
      seen.set(source.repo, runs[0]?.conclusion);
      inFlight -= 1;
      return true;
    };
    const ingress = createIngress(
      { maxBodyBytes: 1024 * 1024, maxInFlight: 16, bodyTimeoutMs: 10_000, retryAfterSeconds: 5 },
      () => {},
    );
    server = createHttpServer(
      {
        'POST /webhooks/github': createWebhookHandler({
          secret: WEBHOOK_SECRET,
          ingress,
          store,
          log: silent,
          sources: () => sources,
          check: coalesceChecks(check, LIMIT),
          track: (promise) => work.push(promise),
          count: () => {},
        }),
      },
      silent,
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    openGate();
    await new Promise((resolve) => server.close(resolve));
    await store.close();
    await github.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const push = (repo: string, conclusion: 'success' | 'failure') => {
    const headSha = github.addCommit(repo, { message: conclusion, author: ALICE, branch: 'main' });
    const runId = github.addRun(repo, { workflow: 'ci.yml', branch: 'main', headSha, conclusion });
    return { repo, sha: headSha, runId, conclusion };
  };
  const deliver = async (run: ReturnType<typeof push>, delivery: string) => {
    const response = await deliverWorkflowRun({ url: `http://127.0.0.1:${port}` }, run, delivery);
    return response.status;
  };
  const until = async (condition: () => boolean) => {
    for (let i = 0; i < 500 && !condition(); i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(condition()).toBe(true);
  };

  it('50 signed workflow_run deliveries for 3 watches: at most 2 checks per watch, LIMIT at once, the last run read', async () => {
    const reds = REPOS.map((repo) => push(repo, 'failure'));
    const statuses: number[] = [];
    for (const [i, red] of reds.entries()) statuses.push(await deliver(red, `d-${i}`));
    // Two checks have read the reds and are under way; the third watch waits for a slot.
    await until(() => inFlight === LIMIT);

    const greens = REPOS.map((repo) => push(repo, 'success'));
    for (let i = REPOS.length; i < 50; i++) {
      const at = i % REPOS.length;
      statuses.push(await deliver(greens[at] as never, `d-${i}`));
    }
    expect(statuses).toEqual(Array.from({ length: 50 }, () => 202));
    // Still only the first two checks: the other 47 deliveries joined a check owed.
    expect([...started.values()].reduce((a, b) => a + b, 0)).toBe(LIMIT);

    openGate();
    await until(() => work.length === 50);
    await Promise.all(work);
    await until(() => inFlight === 0);

    expect(maxInFlight).toBe(LIMIT);
    for (const repo of REPOS) expect(started.get(repo) ?? 0).toBeLessThanOrEqual(2);
    expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(REPOS.map((repo) => [repo, 'success'])));
    // Every delivery was served by a check that read GitHub after it came: all are marked done.
    for (let i = 0; i < 50; i++) expect(await store.getMarker(`delivery:d-${i}`)).toBe('1');
  });
});
