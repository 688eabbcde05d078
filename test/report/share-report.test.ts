import { describe, expect, it } from 'vitest';
import { DeliveryRefusedError } from '../../src/core/delivery-refused.js';
import type { ChatFile, ChatMessage } from '../../src/core/ports.js';
import type { Report } from '../../src/report/index.js';
import { shareReport } from '../../src/report/share-report.js';

const report = { days: 7 } as unknown as Report;

function world(upload: (file: ChatFile) => Promise<string>) {
  const posts: ChatMessage[] = [];
  const deps = {
    chat: {
      post: async (message: ChatMessage) => {
        posts.push(message);
        return { channel: message.channel, ts: '1.1' };
      },
    },
    files: { upload },
    presenter: { text: () => '*CI health*', chart: async () => new Uint8Array([137, 80, 78, 71]) },
  };
  return { deps, posts };
}

describe('sharing a report', () => {
  it('uploads the chart with the figures as its comment', async () => {
    const files: ChatFile[] = [];
    const { deps, posts } = world(async (file) => {
      files.push(file);
      return 'F1';
    });
    expect(await shareReport(deps, report, 'C0ONE')).toBe('with chart');
    expect(files.map((file) => [file.channel, file.comment])).toEqual([['C0ONE', '*CI health*']]);
    expect(posts).toEqual([]);
  });

  it('posts the figures alone, saying why, when Slack refuses the upload for good (no files:write)', async () => {
    const { deps, posts } = world(async () => {
      throw new DeliveryRefusedError('files.getUploadURLExternal', 'missing_scope', 'C0ONE');
    });
    expect(await shareReport(deps, report, 'C0ONE')).toBe('figures only');
    expect(posts.map((post) => [post.channel, post.text])).toEqual([
      ['C0ONE', '*CI health*\n_The chart could not be attached: Slack refused the upload (missing_scope)._'],
    ]);
  });

  it('throws a failure that may mend (Slack down), posting nothing, so the report stays owed', async () => {
    const { deps, posts } = world(async () => {
      throw new Error('socket hang up');
    });
    await expect(shareReport(deps, report, 'C0ONE')).rejects.toThrow('socket hang up');
    expect(posts).toEqual([]);
  });
});
