import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAM_ID } from '../support/fake-slack.js';
import { CHANNEL, perTestWorld, SIGNING_SECRET, sleep } from '../support/scenario.js';
import { postSignedSlackForm } from '../support/sign.js';
import type { Bot } from '../support/start-bot.js';

const ASKER = 'U0ALICE';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('the CI health report, end to end', () => {
  const t = perTestWorld();
  let commands = 0;

  /** A signed `/overseer <text>` from ASKER in CHANNEL; answers what was shown and how. */
  const command = async (bot: Bot, text: string) => {
    commands += 1;
    const responseUrl = t.world.slack.responseUrl();
    const body = new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: TEAM_ID,
      channel_id: CHANNEL,
      user_id: ASKER,
      command: '/overseer',
      text,
      api_app_id: 'A0OVERSEER',
      response_url: responseUrl,
      trigger_id: `5678.${commands}.abcdef`,
    }).toString();
    const response = await postSignedSlackForm(bot.url, SIGNING_SECRET, body);
    expect(response.status).toBe(200);
    const acked = await response.text();
    if (acked !== '') return JSON.parse(acked) as { response_type?: string; text?: string };
    const reply = await t.world.slack.waitFor(
      (slack) => slack.responses.find((posted) => posted.url === responseUrl),
      20_000,
    );
    return reply.body as { response_type?: string; text?: string };
  };

  it('/overseer report answers with the figures, and the chart is uploaded to the asker’s DM', async () => {
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(t.world.env({ OVERSEER_REPORT_SCHEDULE: 'off' }));
    await t.world.github.waitFor((github) =>
      github.requests.some((r) => r.path.endsWith('/runs') && r.status === 200),
    );
    t.world.push('Break the parser', 'failure');
    await t.world.slack.waitFor((slack) => slack.messages(CHANNEL)[0], 8_000);
    t.world.push('Fix the parser', 'success');
    await t.world.slack.waitFor(
      (slack) => /Recovered/.test(JSON.stringify(slack.messages(CHANNEL)[0])) || undefined,
      10_000,
    );

    const answer = await command(bot, 'report acme/widgets 7d').catch((error: unknown) => {
      throw new Error(`${String(error)}\n${bot.output().slice(-3000)}`);
    });
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain('*CI health, last 7 days*');
    expect(answer.text).toContain('• *1* episode');
    expect(answer.text).toContain('Time to green: median');
    expect(answer.text).toContain('Fix tasks: 0 started · 0 merged · 0 verified · 0 reverted');
    expect(answer.text).toContain('is in your DM with me');

    const [file] = t.world.slack.files();
    expect(file?.filename).toBe('ci-health-7d.png');
    expect([...(file?.bytes ?? Buffer.alloc(0)).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const dm = t.world.slack.messages(ASKER);
    expect(dm).toHaveLength(1);
    expect(dm[0]?.files?.[0]?.id).toBe(file?.id);
    expect(dm[0]?.text).toContain('*CI health, last 7 days*');
    // Nothing was posted to the channel but the incident.
    expect(t.world.slack.messages(CHANNEL)).toHaveLength(1);

    const bad = await command(bot, 'report 5d');
    expect(bad).toEqual({ response_type: 'ephemeral', text: 'A report covers 7d, 14d or 30d, not 5d.' });
    const unknown = await command(bot, 'report acme/nothing');
    expect(unknown.text).toBe('acme/nothing is not watched. `/overseer status` lists what is.');
  }, 60_000);
});

/** A Redis of its own, on a free random port, stopped by its PID: these replicas' keys meet nobody else's. */
describe.skipIf(process.env.REDIS_URL === undefined)(
  'the scheduled report with two replicas on one Redis',
  () => {
    const t = perTestWorld();
    let redis: ChildProcess | undefined;
    let port = 0;

    const freePort = (): Promise<number> =>
      new Promise((resolve, reject) => {
        const probe = createServer();
        probe.once('error', reject);
        probe.listen(0, '127.0.0.1', () => {
          const { port: free } = probe.address() as AddressInfo;
          probe.close(() => resolve(free));
        });
      });

    beforeAll(async () => {
      port = await freePort();
      redis = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: 'ignore',
        },
      );
      for (let tries = 0; tries < 50; tries += 1) {
        if (redis.exitCode !== null) throw new Error(`redis-server exited with ${redis.exitCode}`);
        const pong = await promisify(execFile)('redis-cli', ['-p', String(port), 'ping']).catch(
          () => undefined,
        );
        if (pong?.stdout.trim() === 'PONG') return;
        await sleep(100);
      }
      throw new Error('redis-server did not start');
    });
    afterAll(() => {
      redis?.kill();
    });

    it('posts one report per channel for the period, from one of the two', async () => {
      t.world.push('Add widgets', 'success');
      // A fire time 20 s from now (cron with seconds, UTC): once a day, so one period in this test.
      const at = new Date(Date.now() + 20_000);
      const schedule = `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
      const env = t.world.env({ REDIS_URL: `redis://127.0.0.1:${port}`, OVERSEER_REPORT_SCHEDULE: schedule });
      await Promise.all([t.bot(env), t.bot(env)]);
      const posted = await t.world.slack.waitFor(
        (slack) => slack.messages(CHANNEL).find((message) => message.text.includes('CI health')),
        45_000,
      );
      // Nothing was red: one line.
      expect(posted.text).toMatch(
        /^\*CI health, last 7 days\* \(.+\) · acme\/widgets: green all week :large_green_circle:$/,
      );
      await sleep(8_000);
      const reports = t.world.slack.messages(CHANNEL).filter((message) => message.text.includes('CI health'));
      expect(reports).toHaveLength(1);
    }, 90_000);
  },
);
