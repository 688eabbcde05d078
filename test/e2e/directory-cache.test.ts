import { describe, expect, it } from 'vitest';
import { BOB, CHANNEL, perTestWorld } from '../support/scenario.js';

describe('Slack directory reads, end to end', () => {
  const t = perTestWorld();

  it('three red episodes by one author ask users.lookupByEmail for the address once', async () => {
    t.world.slack.addUser({ id: 'U0BOB', name: 'bob', email: BOB.email });
    t.world.push('Add widgets', 'success');
    await t.bot(t.world.env());
    const incidents = (n: number) => (slack: typeof t.world.slack) =>
      slack.messages(CHANNEL).length === n && slack.messages(CHANNEL);
    const recovered = (slack: typeof t.world.slack) =>
      slack.messages(CHANNEL).every((message) => /recovered/i.test(JSON.stringify(message.blocks)));
    for (let episode = 1; episode <= 3; episode++) {
      t.world.push(`Break the parser, take ${episode}`, 'failure', BOB);
      const [latest] = (await t.world.slack.waitFor(incidents(episode), 8_000)).slice(-1);
      expect(JSON.stringify(latest?.blocks)).toContain('<@U0BOB>');
      t.world.push(`Fix the parser, take ${episode}`, 'success');
      await t.world.slack.waitFor(recovered, 8_000);
    }
    const lookups = t.world.slack.callsTo('users.lookupByEmail');
    expect(lookups.map((call) => call.params.email)).toEqual([BOB.email]);
  }, 60_000);
});
