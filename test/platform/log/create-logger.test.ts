import { Writable } from 'node:stream';
import { LogLevel } from '@slack/logger';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/platform/log/create-logger.js';
import { slackLogger } from '../../../src/platform/slack/slack-logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { destination, lines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes JSON lines and blanks out tokens, secrets and authorization headers', () => {
    const out = capture();
    const log = createLogger({ level: 'info', pretty: false, destination: out.destination });
    log.info(
      {
        token: 'xoxb-very-secret',
        config: { signingSecret: 'shh', privateKey: 'PEM' },
        request: { headers: { authorization: 'token ghp_secret' } },
        repo: 'acme/widgets',
      },
      'Something happened',
    );
    const text = JSON.stringify(out.lines());
    for (const secret of ['xoxb-very-secret', 'shh', 'PEM', 'ghp_secret']) expect(text).not.toContain(secret);
    expect(out.lines()[0]).toMatchObject({
      msg: 'Something happened',
      repo: 'acme/widgets',
      token: '[redacted]',
    });
  });

  it('honours the level', () => {
    const out = capture();
    const log = createLogger({ level: 'warn', pretty: false, destination: out.destination });
    log.info({}, 'quiet');
    log.warn({}, 'loud');
    expect(out.lines().map((line) => line.msg)).toEqual(['loud']);
  });
});

describe('slackLogger', () => {
  it("bridges Bolt's logger to pino, and Bolt cannot force its level or name", () => {
    const out = capture();
    const log = createLogger({ level: 'info', pretty: false, destination: out.destination });
    const bridged = slackLogger(log);
    bridged.setLevel(LogLevel.DEBUG);
    bridged.setName('bolt-app');
    bridged.debug('noisy detail');
    bridged.warn('rate limited', new Error('slow down'));
    expect(out.lines()).toHaveLength(1);
    expect(out.lines()[0]).toMatchObject({ source: 'slack', detail: 'rate limited slow down', level: 40 });
    expect(bridged.getLevel()).toBe(LogLevel.INFO);
  });
});
