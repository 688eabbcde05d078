import { afterEach, describe, expect, it } from 'vitest';
import { type OutboxItem, type WatchDoc, watchDocKey } from '../../src/ci/index.js';
import type { EscalationPolicy } from '../../src/escalation/domain/escalation-policy.js';
import { drainOutbox } from '../../src/incidents/index.js';
import { ACK_ACTION_ID } from '../../src/platform/slack/incidents/incident-view.js';
import {
  type AppHarness,
  type HarnessOptions,
  openIncident,
  startAppHarness,
} from '../support/app-harness.js';
import { CHANNEL, visibleText } from '../support/scenario.js';
import { findButton } from '../support/slack-payloads.js';

const MIN = 60_000;
const OLIVE = 'U0OLIVE';
const PAT = 'U0PAT';
const GONE = 'U0GONE';
const ADMIN = 'U0ADMIN';

/** 10m: DM the people listed (one of whom Slack may refuse). */
const dmPolicy = (to: readonly string[]): EscalationPolicy => ({
  steps: [
    { afterMs: 0, notify: 'channel' },
    { afterMs: 10 * MIN, dm: to },
  ],
  repeat: 0,
});

function counter() {
  const counted: Array<[string, string]> = [];
  return {
    counted,
    telemetry: { slackSetAside: (method: string, code: string) => counted.push([method, code]) },
  };
}

describe('Slack delivery never freezes on a refusal no retry mends', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function world(options: HarnessOptions = {}) {
    h = await startAppHarness({ admins: [ADMIN], ...options });
    for (const [id, name] of [
      [OLIVE, 'olive'],
      [PAT, 'pat'],
      [ADMIN, 'ada'],
    ] as const)
      h.slack.addUser({ id, name });
    return h;
  }

  it('a deleted incident message is posted afresh, says so, and is updated from then on', async () => {
    const app = await world();
    await openIncident(app);
    const [deleted] = app.messages();
    app.slack.deleteMessage(CHANNEL, deleted?.ts ?? '');

    app.push('Try to fix the parser', 'failure');
    const result = await app.check();
    expect(result.delivery).toMatchObject({ pending: 0, failed: false });
    const [fresh] = app.messages();
    expect(app.messages()).toHaveLength(1);
    expect(fresh?.ts).not.toBe(deleted?.ts);
    expect(visibleText(fresh)).toContain('replaces the incident’s earlier message, which was deleted');
    expect((await app.doc()).value.current?.message?.ts).toBe(fresh?.ts);
    // The note of that check went to the new message's thread.
    expect(app.replies(fresh)).toHaveLength(1);

    app.push('Fix the parser', 'success');
    expect((await app.check()).event).toBe('recovered');
    expect(app.messages()).toHaveLength(1);
    expect(visibleText(app.messages()[0])).toContain('Recovered after');
    expect(app.slack.callsTo('chat.update').at(-1)?.params.ts).toBe(fresh?.ts);
    expect((await app.doc()).value.setAside ?? []).toEqual([]);
  });

  it('work of a kind this version does not know (written by a newer replica) is dropped, and the work behind it goes on', async () => {
    const app = await world();
    await openIncident(app);
    const key = watchDocKey(app.target.watch);
    const stored = await app.store.get<WatchDoc>(key);
    if (stored === undefined) throw new Error('no watch document');
    const { value } = stored;
    const incidentId = value.current?.incident.id ?? '';
    const unknown = { kind: 'hologram', id: value.nextOutboxId, incidentId } as unknown as OutboxItem;
    const note: OutboxItem = {
      kind: 'note',
      note: { type: 'acknowledged', userId: OLIVE },
      id: value.nextOutboxId + 1,
      incidentId,
    };
    const written = await app.store.put(
      key,
      { ...value, outbox: [unknown, note], nextOutboxId: value.nextOutboxId + 2 },
      stored.version,
    );
    expect(written.ok).toBe(true);

    const result = await drainOutbox(app.deps, app.target);
    expect(result).toMatchObject({ delivered: 2, pending: 0, failed: false });
    expect((await app.doc()).value.outbox).toEqual([]);
    expect(app.replies(app.messages()[0]).map(visibleText)).toContain(
      `<@${OLIVE}> acknowledged this incident.`,
    );
  });

  it('a note Slack refuses for good is set aside with its reason, and the work behind it goes on', async () => {
    const { counted, telemetry } = counter();
    const app = await world({ telemetry });
    await openIncident(app);
    app.push('Try again', 'failure');
    app.slack.failNext('chat.postMessage', { error: 'msg_too_long' });
    const refused = await app.check();
    expect(refused.delivery).toMatchObject({ pending: 0, failed: false, setAside: 1 });

    const doc = (await app.doc()).value;
    expect(doc.outbox).toEqual([]);
    expect(doc.setAside).toMatchObject([
      { method: 'chat.postMessage', code: 'msg_too_long', channel: CHANNEL, item: { kind: 'note' } },
    ]);
    expect(counted).toEqual([['chat.postMessage', 'msg_too_long']]);

    // Never retried; what comes after is delivered.
    app.push('And again', 'failure');
    const next = await app.check();
    expect(next.delivery).toMatchObject({ pending: 0, failed: false });
    expect(app.replies(app.messages()[0])).toHaveLength(1);
    expect(
      app.slack.callsTo('chat.postMessage').filter((call) => call.error === 'msg_too_long'),
    ).toHaveLength(1);
  });

  it('the admins get one DM per cause (error code and channel), not one per item', async () => {
    const app = await world();
    await openIncident(app);
    app.slack.archiveChannel(CHANNEL);
    app.push('Try again', 'failure');
    expect((await app.check()).delivery).toMatchObject({ pending: 0, failed: false, setAside: 2 });
    app.push('And again', 'failure');
    expect((await app.check()).delivery).toMatchObject({ pending: 0, failed: false, setAside: 2 });

    const told = app.slack.messages(ADMIN);
    expect(told).toHaveLength(1);
    expect(visibleText(told[0])).toContain(
      `\`chat.update\` to <#${CHANNEL}>: \`is_archived\` (the channel is archived)`,
    );
    expect((await app.doc()).value.setAside).toHaveLength(4);
  });

  it('a DM Slack refuses for one person never DMs the others again, and every DM sent is updated on ack', async () => {
    const app = await world({ policy: dmPolicy([OLIVE, GONE, PAT]) });
    const id = await openIncident(app);
    app.clock.advance(10 * MIN);
    app.slack.failNext('chat.postMessage', { status: 500 }, 1);
    await app.fireDue();
    await app.check();
    await app.check();

    expect(app.slack.messages(OLIVE)).toHaveLength(1);
    expect(app.slack.messages(PAT)).toHaveLength(1);
    const doc = (await app.doc()).value;
    expect(doc.setAside).toMatchObject([
      { method: 'conversations.open', code: 'user_not_found', channel: GONE },
    ]);
    expect(doc.current?.dms).toHaveLength(2);
    expect(doc.outbox).toEqual([]);

    expect(await app.acknowledge(id, 'U0BOB')).toBe('acknowledged');
    for (const user of [OLIVE, PAT]) {
      const [dm] = app.slack.messages(user);
      expect(visibleText(dm)).toContain('<@U0BOB> acknowledged the CI incident');
      expect(findButton(dm?.blocks, ACK_ACTION_ID)).toBeUndefined();
    }
  });

  it('a DM that failed for a while is retried alone: the person DMed before is not DMed twice', async () => {
    const app = await world({ policy: dmPolicy([OLIVE, PAT]) });
    await openIncident(app);
    app.clock.advance(10 * MIN);
    const dmsBefore = app.slack.callsTo('chat.postMessage').filter((call) => call.ok).length;
    // Olive's DM goes through; Pat's fails (Slack down a while), then is retried at the next look.
    app.slack.failNext('chat.postMessage', { status: 500 }, 1, (params) =>
      [PAT, `D${PAT.slice(1)}`].includes(String(params.channel)),
    );
    await app.fireDue();
    expect(app.slack.messages(OLIVE)).toHaveLength(1);
    expect(app.slack.messages(PAT)).toHaveLength(0);
    await app.check();
    expect(app.slack.messages(OLIVE)).toHaveLength(1);
    expect(app.slack.messages(PAT)).toHaveLength(1);
    const dmsSent = app.slack.callsTo('chat.postMessage').filter((call) => call.ok).length - dmsBefore;
    expect(dmsSent).toBe(2);
  });

  it('a deactivated user in the DM list is set aside (user_disabled) and told to the admins once', async () => {
    const app = await world({ policy: dmPolicy([GONE, OLIVE]) });
    app.slack.addUser({ id: GONE, name: 'gone', deleted: true });
    await openIncident(app);
    app.clock.advance(10 * MIN);
    await app.fireDue();
    expect(app.slack.messages(OLIVE)).toHaveLength(1);
    expect((await app.doc()).value.setAside).toMatchObject([{ code: 'user_disabled', channel: GONE }]);
    const [told] = app.slack.messages(ADMIN);
    expect(visibleText(told)).toContain(`\`conversations.open\` to <@${GONE}>: \`user_disabled\``);
  });
});
