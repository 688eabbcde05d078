import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { onCallAt } from '../../../../src/escalation/domain/oncall.js';
import type { AckOutcome } from '../../../../src/incidents/acknowledge-incident.js';
import { renderOnCall } from '../../../../src/platform/slack/escalation/oncall-view.js';
import {
  type CommandDeps,
  registerOverseerCommand,
} from '../../../../src/platform/slack/talk/overseer-command.js';

type Listener = (args: Record<string, unknown>) => Promise<void>;

/** Runs `/overseer <text>` as `user` against a command registered on a recording stand-in for Bolt. */
async function run(deps: Partial<CommandDeps>, text: string, user = 'U0BOB'): Promise<string> {
  let listener: Listener | undefined;
  const app = {
    command: (_name: string, handler: Listener) => {
      listener = handler;
    },
  };
  registerOverseerCommand(app as unknown as App, deps as CommandDeps);
  const answers: string[] = [];
  const collect = async (answer?: { text?: string }) => void answers.push(answer?.text ?? '');
  await listener?.({ ack: collect, respond: collect, command: { text, user_id: user } });
  return answers.filter(Boolean).join('\n');
}

const START = Date.parse('2026-11-02T09:00:00Z');
const DAY = 24 * 60 * 60_000;

describe('/overseer ack and /overseer oncall', () => {
  it('ack acknowledges the named incident as the user who typed it', async () => {
    const calls: string[][] = [];
    const acknowledge = async (id: string, user: string): Promise<AckOutcome> => {
      calls.push([id, user]);
      return 'acknowledged';
    };
    const text = await run({ acknowledge }, 'ack acme/widgets:ci.yml:main#3');
    expect(calls).toEqual([['acme/widgets:ci.yml:main#3', 'U0BOB']]);
    expect(text).toContain('Acknowledged `acme/widgets:ci.yml:main#3`');
  });

  it.each([
    ['already-acknowledged', 'already acknowledged'],
    ['resolved', 'already resolved'],
    ['not-found', 'no longer tracks'],
  ] as const)('ack answers %s in words', async (outcome, words) => {
    expect(await run({ acknowledge: async () => outcome }, 'ack x#1')).toContain(words);
  });

  it('ack without an incident asks which one and acknowledges nothing', async () => {
    const text = await run({ acknowledge: async () => expect.unreachable() }, 'ack');
    expect(text).toContain('Which incident?');
  });

  it('oncall names who is on call now, who is next and when', async () => {
    const rotation = {
      kind: 'rotation',
      users: ['U0ALICE', 'U0BOB'],
      rotation: 'daily',
      start: START,
    } as const;
    const text = await run({ oncall: () => onCallAt(rotation, START + DAY + 1) }, 'oncall');
    expect(text).toContain('On call now: <@U0BOB>.');
    expect(text).toContain(`Next: <@U0ALICE> from <!date^${(START + 2 * DAY) / 1000}^`);
  });

  it.each([
    [
      { kind: 'users', users: ['U0ALICE', 'U0BOB'] } as const,
      'On call now: <@U0ALICE>, <@U0BOB>. No rotation',
    ],
    [{ kind: 'usergroup', id: 'S0ONCALL' } as const, 'whoever is in <!subteam^S0ONCALL>'],
    [{ kind: 'users', users: [] } as const, 'Nobody is on call'],
  ])('oncall for %j', (oncall, words) => {
    expect(renderOnCall(onCallAt(oncall, START))).toContain(words);
  });
});
