import { afterEach, describe, expect, it } from 'vitest';
import { type AppHarness, type HarnessOptions, startAppHarness } from '../support/app-harness.js';
import { ALICE, BOB, REPO, visibleText } from '../support/scenario.js';

const CAROL = { name: 'Carol Poe', email: '4242+carol@users.noreply.github.com', login: 'carol' };

describe('checkWatch naming commit authors', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  /** A green, then `authors`' commits (the last one red), checked: the incident's text. */
  async function incidentBy(options: HarnessOptions, authors: (typeof ALICE)[]) {
    const app = await startAppHarness(options);
    h = app;
    app.slack.addUser({ id: 'U0ALICE', name: 'alice', email: ALICE.email });
    app.push('Add widgets', 'success');
    await app.check();
    const last = authors.at(-1) ?? ALICE;
    for (const [index, author] of authors.slice(0, -1).entries()) {
      app.github.addCommit(REPO, { message: `Change ${index + 1}`, author });
    }
    app.push('Break the widget parser', 'failure', last);
    const result = await app.check();
    expect(result.delivery.delivered).toBe(1);
    return { app, text: visibleText(app.messages()[0]) };
  }

  const lookups = (app: AppHarness) =>
    app.slack.callsTo('users.lookupByEmail').map((call) => call.params.email);

  it("the watch's users map wins over the e-mail lookup", async () => {
    const { app, text } = await incidentBy({ users: { alice: 'U0MAPPED' } }, [ALICE]);
    expect(text).toContain('Break the widget parser> — <@U0MAPPED>');
    expect(text).not.toContain('<@U0ALICE>');
    expect(lookups(app)).toEqual([]);
  });

  it('an e-mail Slack knows becomes a mention, looked up once however many commits share it', async () => {
    const { app, text } = await incidentBy({}, [ALICE, ALICE, ALICE]);
    expect(text).toContain('Break the widget parser> — <@U0ALICE>');
    expect(text).toContain('Change 1> — <@U0ALICE>');
    expect(lookups(app)).toEqual([ALICE.email]);
  });

  it('an e-mail Slack does not know leaves the login as plain text', async () => {
    const { app, text } = await incidentBy({}, [BOB]);
    expect(text).toContain('Break the widget parser> — bob');
    expect(text).not.toContain('<@');
    expect(lookups(app)).toEqual([BOB.email]);
  });

  it('a users.noreply.github.com e-mail is never looked up', async () => {
    const { app, text } = await incidentBy({}, [CAROL, BOB]);
    expect(text).toContain('Change 1> — carol');
    expect(lookups(app)).toEqual([BOB.email]);
    expect(lookups(app)).not.toContain(CAROL.email);
  });

  it('a failing lookup still posts the incident, naming the author by login', async () => {
    const app = await startAppHarness();
    h = app;
    app.slack.failNext('users.lookupByEmail', { status: 500 });
    app.slack.addUser({ id: 'U0ALICE', name: 'alice', email: ALICE.email });
    app.push('Add widgets', 'success');
    await app.check();
    app.push('Break the widget parser', 'failure', ALICE);

    const result = await app.check();
    expect(result).toMatchObject({ event: 'regression', delivery: { delivered: 1, failed: false } });
    const text = visibleText(app.messages()[0]);
    expect(text).toContain('Break the widget parser> — alice');
    expect(text).not.toContain('<@U0ALICE>');
    expect(app.slack.callsTo('users.lookupByEmail').map((call) => call.status)).toEqual([500]);
  });

  it('the still-red thread note names the new commit author the same way', async () => {
    const { app } = await incidentBy({ users: { bob: 'U0BOB' } }, [BOB]);
    const next = app.push('Try to fix the parser', 'failure', ALICE);
    await app.check();
    const [reply] = app.replies(app.messages()[0]);
    expect(visibleText(reply)).toContain(`\`${next.sha.slice(0, 7)}\` Try to fix the parser — <@U0ALICE>`);
    expect(lookups(app)).toEqual([ALICE.email]);
  });
});
