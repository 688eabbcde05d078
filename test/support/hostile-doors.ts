// Hostile input at Overseer's HTTP door: a thousand slash commands, interaction payloads, event
// callbacks and GitHub webhook deliveries each (two test files share them, to run side by side), signed as Slack and GitHub sign them, sent to the
// whole bot running in this process against the fake Slack and GitHub. Nothing may answer 5xx,
// no exception may escape (vitest fails a file on an unhandled error), and what is refused may
// not change the store: its documents are compared before and after each input.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSurface } from '../../src/platform/slack/slack-surface.js';
import { HOME_VIEWERS_KEY } from '../../src/talk/home-viewers.js';
import { mrkdwnProblems } from './block-kit-check.js';
import { postGitHubWebhook } from './deliver-webhook.js';
import { BOT_USER_ID, type SlackMessage, TEAM_ID } from './fake-slack.js';
import { hostileName, hostileText } from './hostile-text.js';
import { type InProcessBot, startInProcessBot } from './in-process-bot.js';
import { CHANNEL, SIGNING_SECRET, startWorld, type World } from './scenario.js';
import { postSignedInteraction, postSignedSlackEvent } from './sign.js';
import { type CommandAnswer, slackDriver } from './slack-driver.js';
import { eventCallback, findButton } from './slack-payloads.js';
import { mutatedDelivery } from './webhook-mutations.js';

const LEAD = 'U0LEAD';
const YEARLY = '0 0 1 1 *';
const RUNS = 1_000;

export type Door = 'commands' | 'interactions' | 'events' | 'webhooks';

/** The properties of the given doors, against one bot with an open incident and a pending fix task. */
export function describeHostileDoors(doors: readonly Door[]): void {
  let world: World;
  let bot: InProcessBot;
  let root: SlackMessage;
  let incidentId: string;
  let taskValue: string;
  let driver: ReturnType<typeof slackDriver>;
  let sent = 0;
  const unique = () => {
    sent += 1;
    return sent;
  };

  beforeAll(async () => {
    world = await startWorld();
    world.slack.addUser({ id: LEAD, name: 'lead', email: 'lead@acme.test' });
    bot = await startInProcessBot(
      world.env({
        OVERSEER_SCHEDULE: YEARLY,
        OVERSEER_ORIGINATE_ENABLED: 'true',
        OVERSEER_APPROVERS: LEAD,
        OVERSEER_ADMINS: LEAD,
      }),
    );
    driver = slackDriver(() => bot.url, world.slack);
    // An open incident with a fix task waiting for approval: real IDs for the inputs to miss.
    world.push('Add widgets', 'success');
    await driver.command('check', LEAD);
    world.push('Break the widget parser', 'failure');
    await driver.command('check', LEAD);
    root = await world.slack.waitFor((slack) => slack.messages(CHANNEL)[0], 10_000);
    const task = await world.slack.waitFor(
      (slack) => slack.thread(CHANNEL, root.ts).find((m) => findButton(m.blocks, 'overseer_task_approve')),
      10_000,
    );
    incidentId = findButton(root.blocks, 'overseer_ack')?.value ?? '';
    taskValue = findButton(task.blocks, 'overseer_task_approve')?.value ?? '';
    expect(incidentId).not.toBe('');
    expect(taskValue).not.toBe('');
  }, 30_000);

  afterAll(async () => {
    await bot?.stop();
    await world?.close();
  });

  /**
   * The store's documents but the Home tab's viewers (remembered whenever Overseer publishes
   * someone's Home tab, as it does to answer a refused flag toggle there too).
   */
  async function documents(): Promise<Map<string, string>> {
    const all = await bot.documents();
    for (const key of [...all.keys()]) if (key.endsWith(HOME_VIEWERS_KEY)) all.delete(key);
    return all;
  }

  const Attacker = fc.oneof(
    fc.constant('U0MALLORY'),
    fc.stringMatching(/^[UW][A-Z0-9]{2,11}$/).filter((id) => id !== LEAD),
    hostileName(1),
  );

  /** IDs that look like Overseer's own, but name nothing it has. */
  const nearIds = () => [
    `${incidentId}x`,
    incidentId.slice(0, -1),
    incidentId.toUpperCase(),
    `${incidentId}\u200b`,
    'T-1x',
    'T-999',
    'T-0',
    'T--1',
    taskValue.replace(/"v":\d+/, '"v":"1"'),
    taskValue.replace(/"t":"[^"]*"/, '"t":"T-999"'),
    taskValue.replace(/"i":"[^"]*"/, '"i":"acme/widgets:ci.yml:main#99"'),
    taskValue.slice(0, -1),
    '{"__proto__":{"polluted":true}}',
    '{"i":null,"t":[],"v":{}}',
  ];

  const Word = fc.oneof(
    fc.constantFrom(
      'on',
      'off',
      'confirm',
      'enabled',
      'originate',
      'selfHeal.enabled',
      '30m',
      '0m',
      '99999d',
      '-1h',
      '1.5h',
      '1e9d',
      'acme/widgets',
      'acme/widgets#1',
      'acme/widgets#99999999999999999999',
      '../../etc/passwd',
      '7d',
      'public',
    ),
    fc.integer({ min: 0, max: 13 }).map((i) => nearIds()[i] ?? ''),
    hostileName(1),
  );

  /** What people type after `/overseer`: a subcommand (or something near one) and words. */
  const CommandText = fc.oneof(
    hostileText(6),
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom(...Object.keys(slackSurface.command.subcommands)),
          fc.constantFrom(
            'STATUS',
            'Pause',
            'flagz',
            'acknowledge',
            '',
            'constructor',
            '__proto__',
            'toString',
          ),
        ),
        fc.array(Word, { maxLength: 4 }),
        fc.boolean(),
      )
      .map(([sub, words, isPublic]) => [sub, ...words, ...(isPublic ? ['public'] : [])].join(' ')),
  );

  /** Subcommands that do work anyone may ask for: a check reads CI and records what it saw. */
  const accepted = (text: string) => /^\s*check\b/i.test(text);

  describe(`hostile input at the HTTP door: ${doors.join(', ')}`, () => {
    if (doors.includes('commands'))
      it('slash commands: answered (never 5xx), inert, and a refused one changes nothing', async () => {
        await fc.assert(
          fc.asyncProperty(CommandText, Attacker, async (text, user) => {
            const before = await documents();
            const answer: CommandAnswer = await driver.command(text, user);
            expect(answer.status).toBe(200);
            expect(mrkdwnProblems(answer.text, { mentionable: [LEAD, CHANNEL] })).toEqual([]);
            if (!accepted(text)) expect(await documents()).toEqual(before);
          }),
          { numRuns: RUNS },
        );
      }, 120_000);

    if (doors.includes('interactions'))
      it('interaction payloads: malformed clicks and submissions by strangers answer < 500 and change nothing', async () => {
        const actionIds = [
          'overseer_ack',
          'overseer_rerun',
          'overseer_task_approve',
          'overseer_task_merge',
          'overseer_task_dismiss',
          'overseer_flag_set',
        ];
        const Value = fc.oneof(
          hostileText(3),
          fc.integer({ min: 0, max: 13 }).map((i) => nearIds()[i]),
          fc.json({ maxDepth: 2 }),
          fc.constantFrom(
            undefined,
            '',
            'selfHeal.enabled:on',
            'originate:off',
            '{"flag":"enabled","value":false}',
          ),
        );
        const Action = fc.record(
          {
            type: fc.constantFrom('button', 'static_select', 'overflow', 'plain_text_input'),
            action_id: fc.oneof(fc.constantFrom(...actionIds), hostileName(1)),
            block_id: fc.oneof(fc.constant('overseer_incident_actions'), hostileName(1)),
            value: Value,
            action_ts: fc.constant('1800000000.000100'),
          },
          { requiredKeys: ['action_id'] },
        );
        const Click = fc.record(
          {
            type: fc.oneof(
              fc.constantFrom('block_actions', 'block_actions', 'view_submission', 'view_closed', 'shortcut'),
              hostileName(1),
            ),
            user: fc.oneof(
              Attacker.map((id) => ({ id, team_id: TEAM_ID })),
              fc.constantFrom(null, {}, 'U0MALLORY', [LEAD]),
            ),
            channel: fc.oneof(
              fc.constant({ id: CHANNEL }),
              hostileName(1).map((id) => ({ id })),
              fc.constant(null),
            ),
            actions: fc.oneof(fc.array(Action, { maxLength: 3 }), fc.constantFrom(null, 'x', {})),
            message: fc.constantFrom(undefined, 'root', { ts: '1.2' }, null),
            view: fc.record({
              callback_id: fc.oneof(fc.constant('overseer_task_dismiss_reason'), hostileName(1)),
              private_metadata: fc.oneof(Value, fc.constant(taskValue)),
              state: fc.oneof(
                fc.constant({
                  values: { reason: { reason: { type: 'plain_text_input', value: 'because' } } },
                }),
                fc.jsonValue({ maxDepth: 3 }),
              ),
            }),
          },
          { requiredKeys: ['type'] },
        );
        await fc.assert(
          fc.asyncProperty(Click, async (click) => {
            const before = await documents();
            const payload = {
              ...click,
              message: click.message === 'root' ? root : click.message,
              team: { id: TEAM_ID },
              api_app_id: 'A0OVERSEER',
              token: 'deprecated-verification-token',
              trigger_id: `t-${unique()}`,
              response_url: world.slack.responseUrl(),
              container: { type: 'message', message_ts: root.ts, channel_id: CHANNEL },
            };
            const response = await postSignedInteraction(bot.url, SIGNING_SECRET, payload);
            await response.text();
            expect(response.status).toBeLessThan(500);
            expect(await documents()).toEqual(before);
          }),
          { numRuns: RUNS },
        );
      }, 120_000);

    if (doors.includes('events'))
      it('event callbacks: app_mention, message.im and app_home_opened in any shape answer < 500 and change nothing', async () => {
        const Text = fc.oneof(
          hostileText(4),
          fc.constantFrom('status', 'why is CI red?', 'ack', 'help', 'what are you working on?'),
          hostileText(2).map((text) => `<@${BOT_USER_ID}> ${text}`),
          fc.constantFrom(undefined, null, 42, {}, []),
        );
        const Event = fc.oneof(
          fc.record(
            {
              type: fc.constant('app_mention'),
              user: fc.oneof(Attacker, fc.constant(undefined)),
              text: Text,
              channel: fc.oneof(fc.constant(CHANNEL), hostileName(1)),
              thread_ts: fc.oneof(fc.constant(undefined), fc.constant('root'), hostileName(1)),
              ts: fc.constant('1800000000.000100'),
            },
            { requiredKeys: ['type', 'text', 'channel'] },
          ),
          fc.record(
            {
              type: fc.constant('message'),
              channel_type: fc.constantFrom('im', 'im', 'channel', 'group', 'mpim'),
              subtype: fc.constantFrom(
                undefined,
                'message_changed',
                'message_deleted',
                'bot_message',
                'file_share',
              ),
              bot_id: fc.constantFrom(undefined, 'B0BOT'),
              user: fc.oneof(Attacker, fc.constant(undefined)),
              text: Text,
              channel: fc.oneof(fc.constant('D0MALLORY'), fc.constant(CHANNEL), hostileName(1)),
              thread_ts: fc.oneof(fc.constant(undefined), hostileName(1)),
              ts: fc.constant('1800000000.000200'),
            },
            { requiredKeys: ['type', 'channel_type'] },
          ),
          fc.record({
            type: fc.constant('app_home_opened'),
            user: Attacker,
            channel: fc.constant('D0MALLORY'),
            tab: fc.oneof(fc.constantFrom('home', 'messages', 'about'), hostileName(1)),
            event_ts: fc.constant('1800000000.000300'),
          }),
        );
        await fc.assert(
          fc.asyncProperty(Event, async (event) => {
            const before = await documents();
            // `@Overseer ack` in the incident's thread acknowledges it, whoever asks (as the button
            // does): accepted, so asked elsewhere only; everything else asked there changes nothing.
            const acks = /\back\b/i.test(String('text' in event ? event.text : ''));
            const inRoot = 'thread_ts' in event && event.thread_ts === 'root' && !acks;
            const body = { ...event, ...(inRoot ? { thread_ts: root.ts } : {}) };
            const response = await postSignedSlackEvent(
              bot.url,
              SIGNING_SECRET,
              eventCallback(`Ev${unique()}`, body),
            );
            await response.text();
            expect(response.status).toBeLessThan(500);
            expect(await documents()).toEqual(before);
          }),
          { numRuns: RUNS },
        );
      }, 120_000);

    if (doors.includes('webhooks'))
      it('GitHub webhooks: documented deliveries with fields mutated answer < 500; about unwatched repos, change nothing', async () => {
        await fc.assert(
          fc.asyncProperty(mutatedDelivery(), fc.boolean(), async (delivery, signed) => {
            const watched = delivery.body.includes('acme/widgets') || delivery.body.includes('"widgets"');
            const before = await documents();
            const response = await postGitHubWebhook(bot.url, delivery.event, delivery.body, {
              delivery: `d-${unique()}`,
              ...(signed ? {} : { secret: 'not-the-secret' }),
            });
            await response.text();
            expect(response.status).toBeLessThan(500);
            if (!signed) expect(response.status).toBe(401);
            if (!signed || !watched) expect(await documents()).toEqual(before);
          }),
          { numRuns: RUNS },
        );
      }, 120_000);

    it('after all of it, the fix task still waits for an approver and nothing was re-run', async () => {
      const after = await bot.documents();
      const texts = [...after.values()].join('\n');
      expect(texts).toContain('"state":"pending"');
      expect(texts).not.toMatch(/"state":"(starting|running|dismissed)"/);
      expect(world.github.rerunRequests).toEqual([]);
    });
  });
}
