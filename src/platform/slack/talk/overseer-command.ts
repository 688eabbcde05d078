// Over 250 lines: the one /overseer router; each subcommand is a few lines that hand over to its view or use case.

import type { SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Log } from '../../../core/ports.js';
import type { OnCallNow } from '../../../escalation/domain/oncall.js';
import type { AckOutcome } from '../../../incidents/acknowledge-incident.js';
import type { FlagOutcome, FlagRequest } from '../../../settings/change-flag.js';
import type { PauseOutcome, PauseRequest } from '../../../settings/change-pause.js';
import type { EpisodesReport } from '../../../talk/describe-episodes.js';
import type { FlagsReport } from '../../../talk/describe-flags.js';
import type { HistoryQuery, HistoryReport } from '../../../talk/describe-history.js';
import type { StatusReport } from '../../../talk/describe-status.js';
import type { WorkingOn, WorkQuery } from '../../../talk/describe-working-on.js';
import { renderOnCall } from '../escalation/oncall-view.js';
import { parseWorkingOnArgs } from '../fix-tasks/working-on-args.js';
import { renderWorkingOn } from '../fix-tasks/working-on-view.js';
import { ACK_REPLIES } from '../incidents/incident-actions.js';
import { setAsideLines } from '../incidents/set-aside-view.js';
import type { ListenerApp } from '../listener-router.js';
import { escapeMrkdwn } from '../mrkdwn.js';
import { answerReport, type ReportCommandDeps } from '../report/report-command.js';
import { type OverseerSubcommand, slackSurface } from '../slack-surface.js';
import { channelWatches } from './channel-watches.js';
import { episodesIn, type WatchScope } from './episodes-in.js';
import { parseFlagsArgs } from './flags-args.js';
import { flagAnswer, renderFlags } from './flags-view.js';
import { renderHistory } from './history-view.js';
import { inChannel } from './in-channel.js';
import { renderIncidents } from './incidents-view.js';
import { parsePauseArgs } from './pause-args.js';
import { pauseAnswer } from './pause-view.js';
import { renderStatus, renderTasks } from './status-view.js';
import { suggestSubcommand } from './suggest-subcommand.js';

export interface CommandDeps {
  readonly log: Log;
  /** The status, limited to one channel's watches when `scope.channel` is given. */
  readonly status: (scope?: WatchScope) => Promise<StatusReport>;
  /** Self-heal is off: CI is not read, so `check` has nothing to do. */
  readonly dormant: boolean;
  /** Checks the named repo's watches now (or all); answers how many were checked. */
  readonly check: (repo: string | undefined) => Promise<number>;
  /** Pauses or resumes autonomous actions for `userId`, who must be an admin. */
  readonly changePause: (userId: string, request: PauseRequest) => Promise<PauseOutcome>;
  /** Whether a task, incident, pull request or issue is being handled, from the store. */
  readonly workingOn: (query: WorkQuery) => Promise<WorkingOn>;
  /** The feature flags as they stand, read afresh from the store. */
  readonly flags: () => Promise<FlagsReport>;
  /** Turns a feature flag on or off for `userId`, who must be an admin. */
  readonly changeFlag: (userId: string, request: FlagRequest) => Promise<FlagOutcome>;
  /** Every watch's incidents the store holds, limited to `repo` when given. */
  readonly episodes: (repo?: string) => Promise<EpisodesReport>;
  /** The red episodes of the stored history and the watch documents, newest first and bounded. */
  readonly history: (query: HistoryQuery) => Promise<HistoryReport>;
  /** The same use case as the Acknowledge button. */
  readonly acknowledge: (incidentId: string, userId: string) => Promise<AckOutcome>;
  /** Who is on call now and next. */
  readonly oncall: () => OnCallNow;
  /** Whether `userId` is an admin: admins' status also lists Slack deliveries set aside. */
  readonly isAdmin?: (userId: string) => Promise<boolean>;
  /** The CI health report (absent: the command says it is not set up), and where to share it. */
  readonly report?: ReportCommandDeps;
}

const DORMANT_TEXT =
  'Overseer is dormant: OVERSEER_SELF_HEAL_ENABLED is off, so it reads no CI. Turn it on to check.';

const SWITCHED_OFF_TEXT =
  '`selfHeal.enabled` is turned off from Slack, so Overseer reads no CI. An admin turns it on with `/overseer flags enabled on`.';

const { name: COMMAND, subcommands } = slackSurface.command;

export const HELP_TEXT = [
  '*Overseer* keeps the main branch green. Commands:',
  ...Object.entries(subcommands).map(
    // `<id>` is literal text here: escaped, or Slack would read it as a link.
    ([name, { args, does }]) => `• \`${escapeMrkdwn(`${COMMAND} ${name} ${args}`.trim())}\`: ${does}`,
  ),
  'Incident messages carry *Acknowledge* and *Re-run failed jobs* buttons.',
  'Or mention me: `@Overseer status`, `@Overseer what are you working on?`, `@Overseer why is CI red?`',
].join('\n');

const REPO = /^[\w.-]+\/[\w.-]+$/;
const HISTORY_USAGE =
  'Write `/overseer history` for every watch, or `/overseer history owner/repo` for one repo.';

/** `/overseer help`'s answer: frozen, so the receiver encodes it once (slack-http-receiver.ts). */
const HELP_ANSWER = Object.freeze({ response_type: 'ephemeral', text: HELP_TEXT } as const);

/** The answer to a subcommand Overseer does not have: the nearest one it has, or the help. */
function unknownAnswer(typed: string): string {
  const known = Object.keys(subcommands);
  const meant = suggestSubcommand(typed, known);
  const said = `I don't know \`${escapeMrkdwn(typed.slice(0, 40))}\`.`;
  return meant === undefined
    ? `${said}\n${HELP_TEXT}`
    : `${said} Did you mean \`${COMMAND} ${meant}\`? \`${COMMAND} help\` lists every command.`;
}

const NOT_THIS_CHANNEL =
  'That is not about a watch whose incidents go to this channel, so it is not shown here. Ask without `public` to see it yourself.';

/** Whether a working-on answer may be shown in `channel`: its incident's watch posts there. */
async function shownIn(deps: CommandDeps, channel: string, answer: WorkingOn): Promise<boolean> {
  if (answer.kind !== 'task' && answer.kind !== 'incident') return true;
  const inChannel = await channelWatches(deps.status, channel);
  return inChannel(answer.incident.watch);
}

type Answer = Pick<SlackCommandMiddlewareArgs, 'ack' | 'respond'> & {
  readonly args: readonly string[];
  /** Who typed the command (Slack user ID). */
  readonly user: string;
  /** A `public` answer is shown in a channel: only the watches whose incidents go there. */
  readonly scope: WatchScope;
  /** The channel the command was typed in. */
  readonly channel: string;
};

/** One handler per subcommand the surface declares, and none it does not (the type holds both). */
function subcommandHandlers(
  deps: CommandDeps,
): Record<OverseerSubcommand, (answer: Answer) => Promise<void>> {
  return {
    async status({ ack, respond, user, scope }) {
      await ack();
      const [report, admin] = await Promise.all([
        deps.status(scope),
        deps.isAdmin?.(user).catch(() => false) ?? false,
      ]);
      const refused = admin ? setAsideLines(report) : [];
      const text = [renderStatus(report), ...refused].join('\n');
      await respond({ response_type: 'ephemeral', text });
    },
    async check({ ack, respond, args, scope }) {
      if (deps.dormant) {
        await ack({ response_type: 'ephemeral', text: DORMANT_TEXT });
        return;
      }
      await ack();
      const flags = await deps.flags();
      if (flags.ok && flags.flags.some((flag) => flag.name === 'selfHeal.enabled' && !flag.value)) {
        await respond({ response_type: 'ephemeral', text: SWITCHED_OFF_TEXT });
        return;
      }
      const checked = await deps.check(args[0]);
      const text =
        checked === 0
          ? `No watched repo matches ${escapeMrkdwn(args[0] ?? '')}.`
          : `Checked ${checked} watch${checked === 1 ? '' : 'es'}. ${renderStatus(await deps.status(scope))}`;
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
    async tasks({ ack, respond, scope }) {
      await ack();
      await respond({ response_type: 'ephemeral', text: renderTasks(await deps.status(scope)) });
    },
    async 'working-on'({ ack, respond, args, scope }) {
      const parsed = parseWorkingOnArgs(args);
      if (!parsed.ok) {
        await ack({ response_type: 'ephemeral', text: parsed.error });
        return;
      }
      await ack();
      const answer = await deps.workingOn(parsed.query);
      const text =
        scope.channel !== undefined && !(await shownIn(deps, scope.channel, answer))
          ? NOT_THIS_CHANNEL
          : renderWorkingOn(answer);
      await respond({ response_type: 'ephemeral', text });
    },
    async incidents({ ack, respond, args, scope }) {
      if (args.length > 0) {
        await ack({
          response_type: 'ephemeral',
          text: '`/overseer incidents` takes no arguments: it lists every open incident.',
        });
        return;
      }
      await ack();
      const report = await episodesIn(deps, undefined, scope);
      await respond({ response_type: 'ephemeral', text: renderIncidents(report) });
    },
    async history({ ack, respond, args, scope }) {
      const [repo, ...rest] = args;
      if (rest.length > 0 || (repo !== undefined && !REPO.test(repo))) {
        await ack({ response_type: 'ephemeral', text: HISTORY_USAGE });
        return;
      }
      await ack();
      const keep = scope.channel === undefined ? undefined : await channelWatches(deps.status, scope.channel);
      const report = await deps.history({
        ...(repo === undefined ? {} : { repo }),
        ...(keep ? { keep } : {}),
      });
      await respond({ response_type: 'ephemeral', text: renderHistory(report, repo) });
    },
    async report(answer) {
      await answerReport(deps.report, answer);
    },
    async flags({ ack, respond, args, user }) {
      const parsed = parseFlagsArgs(args);
      if (!parsed.ok) {
        await ack({ response_type: 'ephemeral', text: parsed.error });
        return;
      }
      await ack();
      if (parsed.kind === 'list') {
        await respond({ response_type: 'ephemeral', text: renderFlags(await deps.flags()) });
        return;
      }
      const { flag, value, confirmed } = parsed;
      const outcome = await deps.changeFlag(user, { flag, value, confirmed });
      await respond({ response_type: 'ephemeral', text: flagAnswer(outcome, deps.dormant) });
    },
    async ack({ ack, respond, args, user }) {
      const [id] = args;
      if (id === undefined) {
        await ack({
          response_type: 'ephemeral',
          text: 'Which incident? `/overseer ack &lt;incident&gt;`: its ID is under its message.',
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
      await ack(HELP_ANSWER);
    },
  };
}

/** `/overseer`: answers are ephemeral (only the asker sees them) unless `public` ends the command. */
export function registerOverseerCommand(app: ListenerApp, deps: CommandDeps): void {
  const handlers = subcommandHandlers(deps);
  app.command(COMMAND, async ({ ack, command, respond }) => {
    const [sub = 'help', ...words] = command.text.trim().split(/\s+/).filter(Boolean);
    const name = sub.toLowerCase();
    if (Object.hasOwn(handlers, name)) {
      // A trailing `public` shows the answer to the channel instead of only to the asker.
      const isPublic = words.at(-1)?.toLowerCase() === 'public';
      const args = isPublic ? words.slice(0, -1) : words;
      const answer = isPublic ? inChannel({ ack, respond }) : { ack, respond };
      const scope = isPublic ? { channel: command.channel_id } : {};
      const channel = command.channel_id;
      await handlers[name as OverseerSubcommand]({ ...answer, args, user: command.user_id, scope, channel });
      return;
    }
    await ack({ response_type: 'ephemeral', text: unknownAnswer(sub) });
  });
}
