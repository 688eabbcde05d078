import type { Log } from '../../../core/ports.js';
import type { Incident } from '../../../incidents/domain/incident.js';
import type { ThreadIncident } from '../../../incidents/find-thread-incident.js';
import type { StatusReport } from '../../../talk/describe-status.js';
import type { WhereAsked } from '../../../talk/explain-red.js';
import { renderWhy } from '../diagnosis/why-red-view.js';
import type { ListenerApp } from '../listener-router.js';
import { quietMentions } from '../mrkdwn.js';
import type { SlackBotEvent } from '../slack-surface.js';
import { HELP_TEXT } from './overseer-command.js';
import { renderStatus } from './status-view.js';
import { answerInThread, type ThreadAnswerDeps } from './thread-answer.js';

export interface MentionDeps extends ThreadAnswerDeps {
  readonly log: Log;
  /** The incident whose message is `threadTs` in `channel`, if it is one. */
  readonly threadIncident: (channel: string, threadTs: string) => Promise<ThreadIncident | undefined>;
  /** The status, limited to one channel's watches when `channel` is given. */
  readonly status: (scope?: { readonly channel?: string }) => Promise<StatusReport>;
  /** The incidents "why is CI red?" asks about, here (see explainRed); absent, the status answers. */
  readonly why?: (where: WhereAsked) => Promise<Incident[]>;
}

/** Declared in the Slack surface, so the manifest subscribes to it. */
const EVENT = 'app_mention' satisfies SlackBotEvent;
const STATUS_WORDS = /\b(status|working on|doing|red|broken|failing|incidents?)\b/i;
const WHY_WORDS = /\bwhy\b/i;

/** "Why is CI red?": the failing jobs, steps, error lines and suspects; undefined for other questions. */
async function answerWhy(deps: MentionDeps, asked: string, channel: string, threadTs?: string) {
  if (deps.why === undefined || !WHY_WORDS.test(asked)) return undefined;
  return renderWhy(await deps.why({ channel, ...(threadTs === undefined ? {} : { threadTs }) }));
}

/**
 * "@Overseer status", "@Overseer what are you working on?", "@Overseer why is CI red?": answered in
 * the thread with the same truthful status as `/overseer status`; anything else gets the help.
 * In the thread of an incident message the answers are about that incident (`answerInThread`).
 * Slack's retries of an event are answered once by `dedupeDeliveries`. The answers are seen by
 * the channel, so the people they name (who acknowledged, replied, approved) are not called again.
 */
export function registerMentionListener(app: ListenerApp, deps: MentionDeps): void {
  app.event(EVENT, async ({ event, say }) => {
    const threadTs = event.thread_ts;
    const found = threadTs === undefined ? undefined : await deps.threadIncident(event.channel, threadTs);
    if (threadTs !== undefined && found !== undefined) {
      const answer = await answerInThread(deps, found, event.text, event.user ?? '');
      if (answer !== undefined) await say({ text: quietMentions(answer), thread_ts: threadTs });
      return;
    }
    const asked = event.text.replace(/<@[A-Z0-9]+>/g, '').trim();
    // Asked in a channel, the answer covers that channel's watches only: other teams' repos are
    // not everyone's business. `/overseer status` (ephemeral) lists every watch.
    const why = await answerWhy(deps, asked, event.channel, event.thread_ts);
    const text =
      why ??
      (STATUS_WORDS.test(asked) ? renderStatus(await deps.status({ channel: event.channel })) : HELP_TEXT);
    await say({ text: quietMentions(text), thread_ts: event.thread_ts ?? event.ts });
  });
}
