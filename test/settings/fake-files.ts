import { relative } from 'node:path';
import type { ConfigFiles } from '../../src/settings/load-config.js';

export const CWD = '/srv/overseer';

/** An in-memory working directory: `files` maps paths relative to CWD to their text. */
export function fakeFiles(files: Record<string, string> = {}): ConfigFiles & { reads: string[] } {
  const reads: string[] = [];
  return {
    cwd: CWD,
    reads,
    read(path) {
      reads.push(path);
      return files[relative(CWD, path)];
    },
  };
}

/** A valid Socket Mode setup watching one repo: tests change one thing at a time. */
export const VALID_ENV: Readonly<Record<string, string>> = {
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-botsecret',
  SLACK_APP_TOKEN: 'xapp-1-A111-appsecret',
  GITHUB_TOKEN: 'ghp_tokensecret',
  GITHUB_WEBHOOK_SECRET: 'hooksecret',
  OVERSEER_REPO: 'acme/widgets',
  OVERSEER_CHANNEL: 'C0INCIDENTS',
};
