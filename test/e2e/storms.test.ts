import { describe, expect, it } from 'vitest';
import { ACK_ACTION_ID } from '../../src/platform/slack/incidents/incident-view.js';
import { SPLIT_ACTION_ID } from '../../src/platform/slack/storms/storm-view.js';
import { configEnv } from '../support/config-file.js';
import type { SlackMessage } from '../support/fake-slack.js';
import {
  ALICE,
  CHANNEL,
  type PerTestWorld,
  perTestWorld,
  SIGNING_SECRET,
  visibleText,
} from '../support/scenario.js';
import { postSignedInteraction } from '../support/sign.js';
import { buttonClickPayload, findButton } from '../support/slack-payloads.js';

const ONCALL = 'U0OLIVE';
const OTHER = 'C0PLATFORM';
const NPM_DOWN = 'npm ERR! 503 Service Unavailable - GET https://registry.npmjs.org/left-pad';

function log(line: string): string {
  return [
    '2026-12-06T09:00:00.0000000Z ##[group]Run npm ci',
    '2026-12-06T09:00:00.1000000Z npm ci',
    '2026-12-06T09:00:00.2000000Z ##[endgroup]',
    `2026-12-06T09:00:01.0000000Z ${line}`,
    '2026-12-06T09:00:02.0000000Z ##[error]Process completed with exit code 1.',
  ].join('\n');
}

/** overseer.yml: these repos, each in its channel; on-call DMed at once. */
function env(t: PerTestWorld, repos: readonly (readonly [string, string])[]): Record<string, string> {
  return configEnv(t.world, [
    'oncall:',
    `  users: [${ONCALL}]`,
    'escalation:',
    '  - after: 0s',
    '    notify: channel',
    '  - after: 0s',
    '    dm: oncall',
    'repos:',
    ...repos.flatMap(([repo, channel]) => [`  - repo: ${repo}`, `    channel: ${channel}`]),
  ]);
}

function push(t: PerTestWorld, repo: string, conclusion: string, job = 'build', line = NPM_DOWN): number {
  const { github } = t.world;
  const sha = github.addCommit(repo, { message: `${conclusion} on ${repo}`, author: ALICE });
  const runId = github.addRun(repo, {
    workflow: 'ci.yml',
    branch: 'main',
    headSha: sha,
    conclusion,
    jobs: [
      {
        name: job,
        conclusion,
        steps: [
          { name: 'Checkout', conclusion: 'success' },
          { name: 'Run npm ci', conclusion },
        ],
      },
    ],
  });
  if (conclusion !== 'success') {
    for (const failed of github.run(runId).attempts.at(-1)?.jobs ?? [])
      github.setJobLog(failed.id, log(line));
  }
  return runId;
}

describe('storms, end to end', () => {
  const t = perTestWorld();
  const incidents = (channel: string) =>
    t.world.slack
      .messages(channel)
      .filter((m) => (m.metadata as { event_type?: string } | undefined)?.event_type !== undefined);
  const dms = () => t.world.slack.messages(ONCALL);

  async function setUp(repos: readonly (readonly [string, string])[]): Promise<string> {
    t.world.slack.addUser({ id: ONCALL, name: 'olive', email: 'olive@acme.test' });
    t.world.slack.addChannel(OTHER);
    for (const [repo] of repos) {
      if (repo !== 'acme/widgets') t.world.github.addRepo(repo, { defaultBranch: 'main' });
      push(t, repo, 'success');
    }
    const bot = await t.bot(env(t, repos));
    await t.world.github.waitFor(
      (github) => repos.every(([repo]) => github.requests.some((r) => r.path.includes(`/${repo}/actions/`))),
      10_000,
    );
    return bot.url;
  }

  it('8 watches in 2 channels red with one error: one message per channel listing its watches, on-call DMed once', async () => {
    const repos = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => [`acme/svc-${n}`, n <= 4 ? CHANNEL : OTHER] as const);
    await setUp(repos);
    // Within 10 s, each repo's job named its own way: the shared error line is the cause.
    for (const [index, [repo]] of repos.entries()) push(t, repo, 'failure', `job ${index}`);
    const listsAll = (channel: string, names: readonly string[]) =>
      incidents(channel).length === 1 &&
      names.every((name) => visibleText(incidents(channel)[0]).includes(name));
    const first = repos.slice(0, 4).map(([repo]) => repo);
    const second = repos.slice(4).map(([repo]) => repo);
    await t.world.slack.waitFor(() => listsAll(CHANNEL, first) && listsAll(OTHER, second), 30_000);
    await t.world.slack.waitFor(() => dms().length > 0, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(incidents(CHANNEL)).toHaveLength(1);
    expect(incidents(OTHER)).toHaveLength(1);
    for (const channel of [CHANNEL, OTHER]) {
      const storm = visibleText(incidents(channel)[0]);
      expect(storm).toContain('4 of 4 watches red from one cause');
      expect(storm).toContain('npm ERR! 503 Service Unavailable');
    }
    expect(dms()).toHaveLength(1);
    // The channel whose storm did not page says who was paged, and where.
    const threads = [CHANNEL, OTHER].map((channel) =>
      t.world.slack
        .thread(channel, incidents(channel)[0]?.ts ?? '')
        .map((m) => m.text)
        .join('\n'),
    );
    expect(
      threads.filter((text) => text.includes(`<@${ONCALL}>`) && text.includes('paged for the same error')),
    ).toHaveLength(1);
  }, 90_000);

  it('3 watches with 3 different errors: 3 incidents', async () => {
    const repos = [1, 2, 3].map((n) => [`acme/svc-${n}`, CHANNEL] as const);
    await setUp(repos);
    push(t, 'acme/svc-1', 'failure', 'build', NPM_DOWN);
    push(t, 'acme/svc-2', 'failure', 'build', 'Error: certificate has expired');
    push(t, 'acme/svc-3', 'failure', 'build', 'FAIL src/cart.test.ts > cart > adds an item');
    await t.world.slack.waitFor(() => incidents(CHANNEL).length === 3, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(incidents(CHANNEL)).toHaveLength(3);
    for (const message of incidents(CHANNEL)) expect(visibleText(message)).not.toContain('Storm');
  }, 60_000);

  it('Not the same cause splits a watch off into its own incident, paged on its own', async () => {
    const repos = [1, 2, 3].map((n) => [`acme/svc-${n}`, CHANNEL] as const);
    const url = await setUp(repos);
    for (const [repo] of repos) push(t, repo, 'failure');
    await t.world.slack.waitFor(
      () => incidents(CHANNEL).length === 1 && visibleText(incidents(CHANNEL)[0]).includes('3 of 3 watches'),
      30_000,
    );
    await t.world.slack.waitFor(() => dms().length === 1, 10_000);
    const storm = incidents(CHANNEL)[0] as SlackMessage;
    expect(findButtons(storm, SPLIT_ACTION_ID)).toHaveLength(2);
    // The first member's line: the button's value names the storm and that watch.
    const payload = buttonClickPayload({
      message: storm,
      actionId: SPLIT_ACTION_ID,
      label: 'Not the same cause',
      user: 'U0ALICE',
      responseUrl: `${t.world.slack.url}/response/split`,
      triggerId: 'trigger-split-1',
    });
    expect((await postSignedInteraction(url, SIGNING_SECRET, payload)).status).toBe(200);
    await t.world.slack.waitFor(() => incidents(CHANNEL).length === 2, 15_000);
    await t.world.slack.waitFor(() => visibleText(incidents(CHANNEL)[0]).includes('2 of 2 watches'), 10_000);
    await t.world.slack.waitFor(() => dms().length === 2, 10_000);
    expect(visibleText(incidents(CHANNEL)[1])).not.toContain('Storm');
    expect(findButton(incidents(CHANNEL)[1]?.blocks, ACK_ACTION_ID)).toBeDefined();

    // Each recovery shows on the storm's line as it happens; the storm is over with the last.
    push(t, 'acme/svc-1', 'success');
    push(t, 'acme/svc-2', 'success');
    push(t, 'acme/svc-3', 'success');
    await t.world.slack.waitFor(
      () => visibleText(incidents(CHANNEL)[0]).includes('Storm over · 2 watches green again'),
      20_000,
    );
    expect(incidents(CHANNEL)).toHaveLength(2);
  }, 90_000);
});

function findButtons(message: SlackMessage, actionId: string): { value: string }[] {
  const found: { value: string }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.action_id === actionId && typeof record.value === 'string')
        found.push({ value: record.value });
      for (const value of Object.values(record)) walk(value);
    }
  };
  walk(message.blocks ?? []);
  return found;
}
