// What the end-to-end tests of a fix task share: a config file with a fix strategy (the env's
// one-repo shortcut has no `fix`), clicking a fix task's buttons, and waiting for its message.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SlackMessage } from './fake-slack.js';
import { CHANNEL, fixTaskReply, type PerTestWorld, REPO, SIGNING_SECRET, visibleText } from './scenario.js';
import { postSignedInteraction } from './sign.js';
import { buttonClickPayload, findButton } from './slack-payloads.js';
import type { Bot } from './start-bot.js';

/** A config file watching acme/widgets on ci.yml with the revert strategy. */
export function revertConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'overseer-config-'));
  const file = join(dir, 'overseer.yml');
  writeFileSync(
    file,
    [
      'repos:',
      `  - repo: ${REPO}`,
      '    workflow: ci.yml',
      `    channel: ${CHANNEL}`,
      '    fix:',
      '      strategy: revert',
      '',
    ].join('\n'),
  );
  return file;
}

/** Clicks on a fix task's buttons, each a signed interaction with its own trigger, and its message. */
export function fixTaskClicks(t: PerTestWorld) {
  let clicks = 0;
  return {
    async click(bot: Bot, message: SlackMessage, actionId: string, label: string, user: string) {
      clicks += 1;
      const payload = buttonClickPayload({
        message,
        actionId,
        label,
        user,
        responseUrl: t.world.slack.responseUrl(),
        triggerId: `trigger-${clicks}`,
      });
      const response = await postSignedInteraction(bot.url, SIGNING_SECRET, payload);
      expect(response.status).toBe(200);
    },
    /** The fix task's message once it matches `pattern` (and shows `withButton`, when given). */
    taskMessage: (pattern: RegExp, withButton?: string) =>
      t.world.slack.waitFor((slack) => {
        const found = fixTaskReply(slack);
        if (!found || !pattern.test(visibleText(found))) return false;
        return withButton === undefined || findButton(found.blocks, withButton) ? found : false;
      }, 10_000),
  };
}
