// What the end-to-end tests of a fix task share: a config file with a fix strategy (the env's
// one-repo shortcut has no `fix`), clicking a fix task's buttons, waiting for its message, and the
// walk of a revert up to its Approve merge button.

import { expect } from 'vitest';
import { configEnv } from './config-file.js';
import type { PullState } from './fake-github.js';
import type { SlackMessage } from './fake-slack.js';
import { CHANNEL, fixTaskReply, type PerTestWorld, REPO, SIGNING_SECRET, visibleText } from './scenario.js';
import { postSignedInteraction } from './sign.js';
import { buttonClickPayload, findButton } from './slack-payloads.js';
import type { Bot } from './start-bot.js';

/** A config watching acme/widgets on ci.yml with the revert strategy. */
const REVERT_CONFIG = [
  'repos:',
  `  - repo: ${REPO}`,
  '    workflow: ci.yml',
  `    channel: ${CHANNEL}`,
  '    fix:',
  '      strategy: revert',
];

const APPROVE = 'overseer_task_approve';
const MERGE = 'overseer_task_merge';

/**
 * The bot's environment watching acme/widgets with the revert strategy: the config file's watch,
 * without the one-repo shortcut's variables (they would watch the repo a second time, with no fix).
 */
export function revertEnv(t: PerTestWorld, overrides: Record<string, string>): Record<string, string> {
  return configEnv(t.world, REVERT_CONFIG, { OVERSEER_ORIGINATE_ENABLED: 'true', ...overrides });
}

/** Clicks on a fix task's buttons, each a signed interaction with its own trigger, and its message. */
export function fixTaskClicks(t: PerTestWorld) {
  let clicks = 0;
  const taskMessage = (pattern: RegExp, withButton?: string) =>
    t.world.slack.waitFor((slack) => {
      const found = fixTaskReply(slack);
      if (!found || !pattern.test(visibleText(found))) return false;
      return withButton === undefined || findButton(found.blocks, withButton) ? found : false;
    }, 10_000);
  async function click(bot: Bot, message: SlackMessage, actionId: string, label: string, user: string) {
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
  }
  /**
   * Main was green; a merged pull request ("Cache widget lookups" by alice) turns it red, and the
   * bot (on revertEnv) proposes a task reverting it: answers that merge and the proposing message.
   */
  async function revertProposed() {
    const { github } = t.world;
    const broke = github.addMergedPull(REPO, { title: 'Cache widget lookups', author: 'alice' });
    github.addRun(REPO, {
      workflow: 'ci.yml',
      branch: 'main',
      headSha: broke.sha,
      conclusion: 'failure',
      jobs: [
        {
          name: 'unit tests',
          conclusion: 'failure',
          steps: [{ name: 'Run npm test', conclusion: 'failure' }],
        },
      ],
    });
    const proposed = await taskMessage(new RegExp(`revert \`${broke.sha.slice(0, 7)}\``), APPROVE);
    return { broke, proposed };
  }
  /**
   * `approver` presses Approve & Start on the proposed revert, and the revert pull request's checks
   * pass: answers that pull request and the task message asking for Approve merge.
   */
  async function revertGreen(
    bot: Bot,
    proposed: SlackMessage,
    approver: string,
  ): Promise<{ revert: PullState; asking: SlackMessage }> {
    const { github } = t.world;
    await click(bot, proposed, APPROVE, 'Approve & Start', approver);
    const revert = await github.waitFor(
      (g) => g.pulls(REPO).find((p) => p.title === 'Revert "Cache widget lookups"'),
      8_000,
    );
    github.addRun(REPO, {
      workflow: 'ci.yml',
      branch: revert.head,
      headSha: github.branchHead(REPO, revert.head) ?? '',
      event: 'pull_request',
      conclusion: 'success',
    });
    const asking = await taskMessage(/Waiting for Approve merge/, MERGE);
    return { revert, asking };
  }
  return {
    click,
    taskMessage,
    revertProposed,
    revertGreen,
    /** revertProposed, then revertGreen: a revert waiting for Approve merge. */
    async revertAskingForMerge(bot: Bot, approver: string) {
      const { broke, proposed } = await revertProposed();
      return { broke, ...(await revertGreen(bot, proposed, approver)) };
    },
  };
}
