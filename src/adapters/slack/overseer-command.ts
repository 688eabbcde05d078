import type { App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AckOutcome } from '../../app/acknowledge-incident.js';
import type { PauseOutcome, PauseRequest } from '../../app/change-pause.js';
import type { StatusReport } from '../../app/describe-status.js';
import type { Log } from '../../app/ports.js';
import type { OnCallNow } from '../../domain/oncall.js';
import { ACK_REPLIES } from './incident-actions.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { renderOnCall } from './oncall-view.js';
import { parsePauseArgs } from './pause-args.js';
import { pauseAnswer } from './pause-view.js';
import { type OverseerSubcommand, slackSurface } from './slack-surface.js';
import { renderStatus, renderTasks } from './status-view.js';

export interface CommandDeps {
  readonly log: Log;
  readonly status: () => Promise<StatusReport>;
  /** Self-heal is off: CI is not read, so `check` has nothing to do. */
  readonly dormant: boolean;
  /** Checks the named repo's watches now (or all); answers how many were checked. */
  readonly check: (repo: string | undefined) => Promise<number>;
  /** Pauses or resumes autonomous actions for `userId`, who must be an admin. */
  readonly changePause: (userId: string, request: PauseRequest) => Promise<PauseOutcome>;
  /** The same use case as the Acknowledge button. */
  readonly acknowledge: (incidentId: string, userId: string) => Promise<AckOutcome>;
  /** Who is on call now and next. */
  readonly oncall: () => OnCallNow;
}

const DORMANT_TEXT =
  'Overseer is dormant: OVERSEER_SELF_HEAL_ENABLED is off, so it reads no CI. Turn it on to check.';

const { name: COMMAND, subcommands } = slackSurface.command;

export const HELP_TEXT = [
  '*Overseer* keeps the main branch green. Commands:',
  ...Object.entries(subcommands).map(
    ([name, { args, does }]) => `• \`${`${COMMAND} ${name} ${args}`.trim()}\`: ${does}`,
  ),
  'Incident messages carry *Acknowledge* and *Re-run failed jobs* buttons.',
  'Or mention me: `@Overseer status`, `@Overseer what are you working on?`, `@Overseer why is CI red?`',
].join('\n');

type Answer = Pick<SlackCommandMiddlewareArgs, 'ack' | 'respond'> & {
  readonly args: readonly string[];
  /** Who typed the command (Slack user ID). */
  readonly user: string;
};

/** One handler per subcommand the surface declares, and none it does not (the type holds both). */
function subcommandHandlers(
  deps: CommandDeps,
): Record<OverseerSubcommand, (answer: Answer) => Promise<void>> {
  return {
    async status({ ack, respond }) {
      await ack();
      const report = await deps.status();
      await respond({ response_type: 'ephemeral', text: renderStatus(report) });
    },
    async check({ ack, respond, args }) {
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
    },
    async pause({ ack, respond, args, user }) {
      const parsed = parsePauseArgs(args);
      if (!parsed.ok) {
        await ack({ response_type: 'ephemeral', text: parsed.error });
        return;
      }
      await ack();
      const { durationMs, reason } = parsed;
      const outcome = await deps.changePause(user, { kind: 'pause', durationMs, reason });
      await respond({ response_type: 'ephemeral', text: pauseAnswer(outcome, 'pause') });
    },
    async resume({ ack, respond, user }) {
      await ack();
      const outcome = await deps.changePause(user, { kind: 'resume' });
      await respond({ response_type: 'ephemeral', text: pauseAnswer(outcome, 'resume') });
    },
    async tasks({ ack, respond }) {
      await ack();
      await respond({ response_type: 'ephemeral', text: renderTasks(await deps.status()) });
    },
    async ack({ ack, respond, args, user }) {
      const [id] = args;
      if (id === undefined) {
        await ack({
          response_type: 'ephemeral',
          text: 'Which incident? `/overseer ack <incident>`: its ID is under its message.',
        });
        return;
      }
      await ack();
      const outcome = await deps.acknowledge(id, user);
      const text =
        outcome === 'acknowledged'
          ? `Acknowledged \`${escapeMrkdwn(id)}\`: its escalation stops.`
          : ACK_REPLIES[outcome];
      await respond({ response_type: 'ephemeral', text });
    },
    async oncall({ ack }) {
      await ack({ response_type: 'ephemeral', text: renderOnCall(deps.oncall()) });
    },
    async help({ ack }) {
      await ack({ response_type: 'ephemeral', text: HELP_TEXT });
    },
  };
}

/** `/overseer`: answers are ephemeral (only the asker sees them). */
export function registerOverseerCommand(app: App, deps: CommandDeps): void {
  const handlers = subcommandHandlers(deps);
  app.command(COMMAND, async ({ ack, command, respond }) => {
    const [sub = 'help', ...args] = command.text.trim().split(/\s+/).filter(Boolean);
    const name = sub.toLowerCase();
    if (Object.hasOwn(handlers, name)) {
      await handlers[name as OverseerSubcommand]({ ack, respond, args, user: command.user_id });
      return;
    }
    await ack({
      response_type: 'ephemeral',
      text: `I don't know \`${escapeMrkdwn(sub)}\` yet.\n${HELP_TEXT}`,
    });
  });
}
