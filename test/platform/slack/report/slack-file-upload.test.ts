import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryRefusedError } from '../../../../src/core/delivery-refused.js';
import { createSlackFileUpload } from '../../../../src/platform/slack/report/slack-file-upload.js';
import { type FakeSlack, startFakeSlack } from '../../../support/fake-slack.js';

const TOKEN = 'xoxb-upload-test';
const BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255, 128, 7]);

describe('a file through the Slack upload flow', () => {
  let slack: FakeSlack | undefined;
  afterEach(async () => {
    await slack?.close();
    slack = undefined;
  });

  async function start() {
    slack = await startFakeSlack({ botToken: TOKEN });
    slack.addUser({ id: 'U0ALICE', name: 'alice' });
    slack.addChannel('C0INCIDENTS');
    const client = new WebClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR });
    return { fake: slack, upload: createSlackFileUpload(client) };
  }

  it('asks for a URL, sends the bytes there, and shares the file in the channel with its message', async () => {
    const { fake, upload } = await start();
    const id = await upload.upload({
      channel: 'C0INCIDENTS',
      filename: 'ci-health.png',
      title: 'Red time per day',
      bytes: BYTES,
      altText: 'A bar chart',
      comment: '*CI health*',
    });
    expect(fake.calls.map((call) => call.method)).toEqual([
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
    expect(fake.callsTo('files.getUploadURLExternal')[0]?.params).toMatchObject({
      filename: 'ci-health.png',
      length: String(BYTES.length),
      alt_text: 'A bar chart',
    });
    const [file] = fake.files();
    expect(file?.id).toBe(id);
    expect([...(file?.bytes ?? [])]).toEqual([...BYTES]);
    expect(fake.messages('C0INCIDENTS')).toMatchObject([
      { text: '*CI health*', files: [{ id, name: 'ci-health.png', title: 'Red time per day' }] },
    ]);
  });

  it('shares it in the DM with a person named by user ID', async () => {
    const { fake, upload } = await start();
    await upload.upload({ channel: 'U0ALICE', filename: 'c.png', title: 'c', bytes: BYTES });
    expect(fake.callsTo('conversations.open')).toHaveLength(1);
    expect(fake.messages('U0ALICE')[0]?.files).toHaveLength(1);
  });

  it('fails, sharing nothing, when Slack refuses to complete the upload', async () => {
    const { fake, upload } = await start();
    fake.failNext('files.completeUploadExternal', { error: 'channel_not_found' });
    await expect(
      upload.upload({ channel: 'C0INCIDENTS', filename: 'c.png', title: 'c', bytes: BYTES }),
    ).rejects.toThrow(/channel_not_found/);
    expect(fake.messages('C0INCIDENTS')).toEqual([]);
  });

  it('an app without files:write is refused for good (missing_scope): the caller posts the figures alone', async () => {
    const { fake, upload } = await start();
    // https://docs.slack.dev/reference/methods/files.getUploadURLExternal lists missing_scope.
    fake.failNext('files.getUploadURLExternal', { error: 'missing_scope' });
    const refused = await upload
      .upload({ channel: 'C0INCIDENTS', filename: 'c.png', title: 'c', bytes: BYTES })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DeliveryRefusedError);
    expect(refused).toMatchObject({ method: 'files.getUploadURLExternal', code: 'missing_scope' });
    expect(fake.files()).toEqual([]);
  });
});
