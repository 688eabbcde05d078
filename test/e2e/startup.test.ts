import { once } from 'node:events';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSlack } from '../support/fake-slack.js';
import { BOB, CHANNEL, sleep, startWorld, type World } from '../support/scenario.js';
import { type Bot, exitOf, freePort, runMain, startBot } from '../support/start-bot.js';
import { waitForReadyz } from '../support/wait-for-readyz.js';

/** Runs the bot to its exit (it must exit within `timeoutMs`) and returns what it printed. */
async function runToExit(
  env: Record<string, string>,
  cwd?: string,
  timeoutMs = 10_000,
  user?: { uid: number; gid: number },
) {
  const child = runMain(env, cwd, user);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await exitOf(child);
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** Polls an async probe until it yields a value. */
async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

const cwdWith = (yaml: string) => {
  const cwd = mkdtempSync(join(tmpdir(), 'overseer-cwd-'));
  writeFileSync(join(cwd, 'overseer.yml'), yaml);
  return cwd;
};

describe('starting the built bot', () => {
  let world: World;
  let bots: Bot[] = [];
  const start = async (env: Record<string, string>) => {
    const bot = await startBot(env);
    bots.push(bot);
    return bot;
  };
  const runsRequests = () => world.github.requests.filter((r) => r.path.endsWith('/runs')).length;
  const topLevelPosts = () =>
    world.slack.callsTo('chat.postMessage').filter((call) => call.params.thread_ts === undefined);

  beforeEach(async () => {
    world = await startWorld();
  });

  afterEach(async () => {
    await Promise.all(bots.map((bot) => bot.stop('SIGKILL')));
    bots = [];
    await world.close();
  });

  it('with no settings exits 1 naming every missing setting and where to look, echoing no secret', async () => {
    const empty = await runToExit({});
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('SLACK_BOT_TOKEN');
    expect(empty.stderr).toContain('GITHUB_TOKEN');
    expect(empty.stderr).toMatch(/OVERSEER_CHANNEL|overseer\.yml/);
    expect(empty.stderr).toContain('.env.example');
    expect(empty.stderr).toContain('manifest.yml');

    const leaky = await runToExit({
      SLACK_BOT_TOKEN: 'xoxp-leaky-secret',
      GITHUB_TOKEN: 'ghp_leaky-secret-2',
    });
    expect(leaky.code).toBe(1);
    expect(leaky.stderr).toContain('SLACK_BOT_TOKEN');
    expect(`${leaky.stdout}${leaky.stderr}`).not.toContain('leaky-secret');
  });

  it('names overseer.yml:<line> and the key of a bad value in the config file', async () => {
    const yaml = ['schedule: "*/5 * * * *"', 'selfHeal:', '  enabled: true', '  maxPerCycle: lots', ''].join(
      '\n',
    );
    const { code, stderr } = await runToExit(world.env(), cwdWith(yaml));
    expect(code).toBe(1);
    expect(stderr).toMatch(/overseer\.yml:4 selfHeal\.maxPerCycle: .*"lots"/);
    expect(stderr).toContain('.env.example');
  });

  it('names overseer.yml:<line> of a YAML syntax error', async () => {
    const yaml = ['selfHeal:', '  enabled: true', '\tmaxPerCycle: 1', 'approvers: [U0APPROVER]', ''].join(
      '\n',
    );
    const { code, stderr } = await runToExit(world.env(), cwdWith(yaml));
    expect(code).toBe(1);
    expect(stderr).toMatch(/overseer\.yml:3: not valid YAML/);
  });

  it('serves /healthz while the first cycle still waits on GitHub, Prometheus /metrics and a ready /readyz once it ran', async () => {
    world.push('Add widgets', 'success');
    // A slow GitHub: the first cycle's read of the runs gets no answer until released. startBot
    // waits for /healthz (its own timeout is the hang guard), so liveness must not wait for it.
    const slow = world.github.hold({ method: 'GET', path: /\/runs$/ });
    const spawned = Date.now();
    const bot = await start(world.env());
    process.stdout.write(`/healthz answered 200 ${Date.now() - spawned} ms after spawn\n`);
    await slow.reached;
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    expect(slow.holding).toBe(true);
    slow.release();

    await eventually(
      async () => (bot.logs().some((line) => line.msg === 'Overseer listening') ? true : undefined),
      15_000,
      'the listening log',
    );
    await world.github.waitFor(() => runsRequests() > 0, 15_000);
    const metrics = await eventually(
      async () => {
        const text = await fetch(`${bot.url}/metrics`).then((r) => r.text());
        return /^overseer_ci_checks_total\{[^}]*verdict="green"[^}]*\} [1-9]/m.test(text) ? text : undefined;
      },
      15_000,
      'a green check in /metrics',
    );
    expect(metrics).toMatch(/^overseer_process_cpu_user_seconds_total \d/m);
    expect(metrics).toContain('# TYPE overseer_ci_checks_total counter');
    const response = await fetch(`${bot.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);

    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await ready.json()).toEqual({ ready: true, reasons: [] });
  });

  it('dormant: makes no GitHub request at all and says "dormant" once', async () => {
    world.push('Add widgets', 'success');
    const { OVERSEER_SELF_HEAL_ENABLED: _, ...env } = world.env();
    const bot = await start(env);
    await sleep(3_000);
    world.github.expectNoRequests();
    expect(topLevelPosts()).toHaveLength(0);
    expect(bot.output().match(/dormant/gi)).toHaveLength(1);
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
  });

  it('dormant when OVERSEER_SELF_HEAL_ENABLED=false', async () => {
    const bot = await start(world.env({ OVERSEER_SELF_HEAL_ENABLED: 'false' }));
    await sleep(3_000);
    world.github.expectNoRequests();
    expect(bot.output().match(/dormant/gi)).toHaveLength(1);
  });

  it('with nothing watched starts and warns that nothing is watched', async () => {
    const { OVERSEER_REPO: _repo, OVERSEER_CHANNEL: _channel, ...env } = world.env();
    const bot = await start(env);
    const warning = await eventually(
      async () =>
        bot.logs().find((line) => line.level === 40 && /nothing is watched/i.test(String(line.msg))),
      5_000,
      'a "nothing is watched" warning',
    );
    expect(warning).toBeDefined();
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    // No GitHub call is made with nothing to watch, so readiness does not wait for one.
    expect(await waitForReadyz(`${bot.url}/readyz`, 200, 15_000)).toEqual({ ready: true, reasons: [] });
  });

  it('exits 1 naming SLACK_BOT_TOKEN when Slack refuses the bot token', async () => {
    const slack = await startFakeSlack({ botToken: 'xoxb-right' });
    try {
      const { code, stderr } = await runToExit({
        ...world.env({ SLACK_API_URL: slack.url, SLACK_BOT_TOKEN: 'xoxb-wrong' }),
        PORT: String(await freePort()),
        OVERSEER_DATA_DIR: mkdtempSync(join(tmpdir(), 'overseer-data-')),
      });
      expect(code).toBe(1);
      expect(stderr).toContain('SLACK_BOT_TOKEN');
      expect(stderr).toContain('invalid_auth');
      expect(stderr).not.toContain('xoxb-wrong');
      expect(slack.callsTo('auth.test').map((call) => call.token)).toContain('xoxb-wrong');
    } finally {
      await slack.close();
    }
  });

  it('exits 1 naming SLACK_BOT_TOKEN when Slack refuses the bot token only after being unreachable at first', async () => {
    const slack = await startFakeSlack({ botToken: 'xoxb-right' });
    // The first attempt (a call and its three retries) gets 500s; the next one is answered: refused.
    slack.failNext('auth.test', { status: 500 }, 4);
    try {
      const { code, stderr } = await runToExit(
        {
          ...world.env({ SLACK_API_URL: slack.url, SLACK_BOT_TOKEN: 'xoxb-wrong' }),
          PORT: String(await freePort()),
          OVERSEER_DATA_DIR: mkdtempSync(join(tmpdir(), 'overseer-data-')),
        },
        undefined,
        20_000,
      );
      const answers = slack.callsTo('auth.test').map((call) => call.error ?? call.status);
      expect(answers.slice(0, 4)).toEqual([500, 500, 500, 500]);
      expect(answers[4]).toBe('invalid_auth');
      expect(code).toBe(1);
      expect(stderr).toContain('Slack refused the bot token (invalid_auth): check SLACK_BOT_TOKEN');
      expect(stderr).not.toContain('xoxb-wrong');
    } finally {
      await slack.close();
    }
  }, 30_000);

  it('exits 1 naming OVERSEER_DATA_DIR and what to do when its user cannot write the data dir', async () => {
    // A Docker bind mount owned by root, seen by the image's unprivileged user. Root writes
    // anywhere, so as root the bot runs as `nobody` against a root-owned directory; otherwise the
    // directory is made read-only for its owner.
    const asRoot = process.getuid?.() === 0;
    const dataDir = mkdtempSync(join(tmpdir(), 'overseer-data-'));
    chmodSync(dataDir, asRoot ? 0o755 : 0o555);
    const cwd = mkdtempSync(join(tmpdir(), 'overseer-cwd-'));
    chmodSync(cwd, 0o755);
    const uid = asRoot ? 65534 : (process.getuid?.() ?? 0);
    const env: Record<string, string> = {
      ...world.env(),
      PORT: String(await freePort()),
      OVERSEER_DATA_DIR: dataDir,
    };
    const { code, stdout, stderr } = await runToExit(
      env,
      cwd,
      10_000,
      asRoot ? { uid: 65534, gid: 65534 } : undefined,
    );
    expect(code).toBe(1);
    expect(stderr).toContain(
      `OVERSEER_DATA_DIR ${dataDir} is not writable by this user (uid ${uid}) (EACCES): ` +
        `give that user write access (for a Docker bind mount, chown ${uid} the host directory), ` +
        'mount a named volume there instead',
    );
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'GITHUB_TOKEN']) {
      expect(env[name]).toMatch(/.{8}/);
      expect(`${stdout}${stderr}`).not.toContain(env[name]);
    }
    // The store opens first: nothing was asked of Slack or GitHub.
    expect(world.slack.callsTo('auth.test')).toHaveLength(0);
    world.github.expectNoRequests();
  });

  it('exits 0 on SIGTERM having finished its work, not abandoning it at the grace period', async () => {
    const bot = await start(world.env());
    await world.github.waitFor(() => runsRequests() > 0, 15_000);
    // The kill is a hang guard only; the grace period's own warning says whether stopping had to
    // wait it out.
    const code = await bot.stop('SIGTERM', 30_000);
    expect(code).toBe(0);
    const messages = bot.logs().map((line) => line.msg);
    expect(messages).toContain('Shutting down');
    expect(messages).not.toContain('Shutdown grace period over; in-flight work abandoned');
  }, 40_000);

  it('a SIGTERM while start-up still waits on a silent Slack stops it within the grace period, exit 0', async () => {
    // Slack accepts the connection and never answers: start-up waits on it.
    let asked = 0;
    const silent = createServer(() => {
      asked += 1;
    }).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as AddressInfo;
    try {
      const bot = await start(world.env({ SLACK_API_URL: `http://127.0.0.1:${port}/api/` }));
      // The kill is a hang guard only: the grace period, not a stopwatch, ends start-up.
      const code = await bot.stop('SIGTERM', 30_000);
      expect(code).toBe(0);
      expect(asked).toBeGreaterThan(0);
      const messages = bot.logs().map((line) => line.msg);
      expect(messages).toContain('Signal during start-up: stopping once started');
      // It ended by one of the two ways out: start-up gave up at the grace period, or it finished
      // and shut down; not by waiting on Slack until killed.
      const ways = ['Start-up outlasted the grace period after a signal: exiting', 'Shutting down'];
      expect(messages.filter((message) => ways.includes(String(message)))).toHaveLength(1);
    } finally {
      silent.close();
    }
  }, 40_000);

  it('keeps its state across kill -9: a restarted bot posts no second incident', async () => {
    world.push('Add widgets', 'success');
    const first = await start(world.env());
    await world.github.waitFor(() => runsRequests() > 0, 15_000);
    world.push('Break the widget parser', 'failure', BOB);
    await world.slack.waitFor(() => topLevelPosts().length > 0, 15_000);
    // Let the cycle that posted finish recording the message before the kill.
    const seen = runsRequests();
    await world.github.waitFor(() => runsRequests() > seen, 15_000);
    expect(await first.stop('SIGKILL')).toBeNull();
    bots = bots.filter((bot) => bot !== first);

    const second = await start(world.env({ OVERSEER_DATA_DIR: first.dataDir }));
    const restarted = runsRequests();
    await world.github.waitFor(() => runsRequests() >= restarted + 3, 20_000);
    await eventually(
      async () => (second.logs().some((line) => line.msg === 'Overseer listening') ? true : undefined),
      5_000,
      'the second bot listening',
    );
    expect(topLevelPosts()).toHaveLength(1);
    expect(world.slack.messages(CHANNEL)).toHaveLength(1);
    world.slack.assertNoUnexpected();
  }, 60_000);
});
