import type { App } from '@slack/bolt';
import type { StatusReport } from '../../app/describe-status.js';
import type { Log } from '../../app/ports.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { renderStatus } from './status-view.js';

export interface CommandDeps {
  readonly log: Log;
  readonly status: () => Promise<StatusReport>;
  /** Self-heal is off: CI is not read, so `check` has nothing to do. */
  readonly dormant: boolean;
  /** Checks the named repo's watches now (or all); answers how many were checked. */
  readonly check: (repo: string | undefined) => Promise<number>;
}

const DORMANT_TEXT =
  'Overseer is dormant: OVERSEER_SELF_HEAL_ENABLED is off, so it reads no CI. Turn it on to check.';

export const HELP_TEXT = [
  '*Overseer* keeps the main branch green. Commands:',
  '• `/overseer status`: what is watched, what is red, what Overseer is doing',
  '• `/overseer check [owner/repo]`: check CI now instead of waiting for the schedule',
  '• `/overseer help`: this list',
  'Incident messages carry *Acknowledge* and *Re-run failed jobs* buttons.',
  'Or mention me: `@Overseer status`, `@Overseer what are you working on?`, `@Overseer why is CI red?`',
].join('\n');

/** `/overseer`: answers are ephemeral (only the asker sees them). */
export function registerOverseerCommand(app: App, deps: CommandDeps): void {
  app.command('/overseer', async ({ ack, command, respond }) => {
    const [sub = 'help', ...args] = command.text.trim().split(/\s+/).filter(Boolean);
    switch (sub.toLowerCase()) {
      case 'status': {
        await ack();
        const report = await deps.status();
        await respond({ response_type: 'ephemeral', text: renderStatus(report) });
        return;
      }
      case 'check': {
        if (deps.dormant) {
          await ack({ response_type: 'ephemeral', text: DORMANT_TEXT });
          return;
        }
        await ack({ response_type: 'ephemeral', text: 'Checking CI now…' });
        const checked = await deps.check(args[0]);
        const text =
          checked === 0
            ? `No watched repo matches ${escapeMrkdwn(args[0] ?? '')}.`
            : `Checked ${checked} watch${checked === 1 ? '' : 'es'}. ${renderStatus(await deps.status())}`;
        await respond({ response_type: 'ephemeral', text });
        return;
      }
      case 'help':
        await ack({ response_type: 'ephemeral', text: HELP_TEXT });
        return;
      default:
        await ack({
          response_type: 'ephemeral',
          text: `I don't know \`${escapeMrkdwn(sub)}\` yet.\n${HELP_TEXT}`,
        });
    }
  });
}
