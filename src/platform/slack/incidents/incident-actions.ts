import type { BlockButtonAction } from '@slack/bolt';
import type { GitHubRefusal } from '../../../core/github-refusal.js';
import type { Chat, Log } from '../../../core/ports.js';
import { ttlMemo } from '../../../core/ttl-memo.js';
import type { RerunOutcome } from '../../../diagnosis/request-rerun.js';
import type { AckOutcome } from '../../../incidents/acknowledge-incident.js';
import { registerDismissActions } from '../fix-tasks/dismiss-actions.js';
import { registerTaskActions, type TaskActionDeps } from '../fix-tasks/task-actions.js';
import {
  TASK_APPROVE_ACTION_ID,
  TASK_DISMISS_ACTION_ID,
  TASK_MERGE_ACTION_ID,
} from '../fix-tasks/task-view.js';
import type { ListenerApp } from '../listener-router.js';
import { ACK_ACTION_ID, RERUN_ACTION_ID } from './incident-view.js';

export interface IncidentActionDeps extends TaskActionDeps {
  readonly chat: Chat;
  readonly log: Log;
  /** The time (epoch ms): a reply is not repeated within REPEAT_QUIET_MS of the same one. */
  readonly now: () => number;
  readonly acknowledge: (incidentId: string, userId: string) => Promise<AckOutcome>;
  readonly rerun: (incidentId: string, userId: string) => Promise<RerunOutcome>;
}

export const ACK_REPLIES: Record<Exclude<AckOutcome, 'acknowledged'>, string> = {
  'already-acknowledged': 'This incident was already acknowledged.',
  resolved: 'This incident is already resolved: nothing to acknowledge.',
  'not-found': 'Overseer no longer tracks this incident.',
};

export function rerunReply(outcome: RerunOutcome): string | undefined {
  switch (outcome.kind) {
    case 'requested':
      return undefined;
    case 'duplicate':
      return `A re-run of these failed jobs was already requested by <@${outcome.by}>.`;
    case 'not-allowed':
      return 'Only the approvers (OVERSEER_APPROVERS) may re-run failed jobs here.';
    case 'not-open':
      return 'This incident is resolved: there is nothing to re-run.';
    case 'failed':
      return outcome.refusal === undefined
        ? 'GitHub refused the re-run; try again in a minute, or re-run from the run page.'
        : refusedRerun(outcome.refusal);
  }
}

/** A 403 or 429 on the re-run, said by what GitHub said (see github-refusal.ts). */
function refusedRerun(refusal: GitHubRefusal): string {
  switch (refusal.kind) {
    case 'rate-limited': {
      const limit = refusal.secondary ? 'secondary rate limit' : 'rate limit';
      const wait = refusal.retryAfterS === undefined ? '' : ` (retry after ${refusal.retryAfterS} s)`;
      return `GitHub's ${limit} stopped the re-run${wait}; try again later.`;
    }
    case 'already-running':
      return 'GitHub says this run is already being re-run: its result will show on the incident.';
    case 'no-permission':
      return "GitHub refused the re-run (403): Overseer's token needs Actions: Read and write on this repo.";
    case 'forbidden':
      return 'GitHub refused the re-run (403) without saying why; re-run from the run page, and ask an admin to look at the logs.';
  }
}

/**
 * How long the same ephemeral reply to the same person in the same channel is not sent again: it
 * is still on their screen. Each reply is a Web API call; a button clicked again and again (or by a
 * script) would cost one per click.
 */
export const REPEAT_QUIET_MS = 10_000;
/** Most replies remembered for that (the least recently sent forgotten first). */
const REMEMBERED_REPLIES = 1_000;

/**
 * The incident message's buttons. Each click is acknowledged to Slack at once (it wants an answer
 * within 3 s); the work follows, and anything the clicker should know comes back ephemerally.
 * Authorisation is checked server-side on every click: anyone who sees a message can click.
 */
export function registerIncidentActions(app: ListenerApp, deps: IncidentActionDeps): void {
  // A reply that failed is forgotten at once (ttlMemo), so the next click tries again.
  const reply = ttlMemo(
    (key) => {
      const [channel = '', user = '', text = ''] = JSON.parse(key) as string[];
      return deps.chat.ephemeral(channel, user, text);
    },
    { ttlMs: REPEAT_QUIET_MS, maxEntries: REMEMBERED_REPLIES, now: deps.now },
  );
  const tell = async (channel: string | undefined, user: string, text: string) => {
    if (channel === undefined) return;
    await reply(JSON.stringify([channel, user, text])).catch((error: unknown) => {
      deps.log.warn({ err: error }, 'Ephemeral reply failed');
    });
  };

  app.action<BlockButtonAction>(ACK_ACTION_ID, async ({ ack, body, action }) => {
    await ack();
    const outcome = await deps.acknowledge(action.value ?? '', body.user.id);
    if (outcome !== 'acknowledged') await tell(body.channel?.id, body.user.id, ACK_REPLIES[outcome]);
  });

  app.action<BlockButtonAction>(RERUN_ACTION_ID, async ({ ack, body, action }) => {
    await ack();
    const outcome = await deps.rerun(action.value ?? '', body.user.id);
    if (outcome.kind === 'failed') deps.log.warn({ err: outcome.error }, 'Re-run request failed');
    const reply = rerunReply(outcome);
    if (reply) await tell(body.channel?.id, body.user.id, reply);
  });

  registerTaskActions(app, deps, tell, { approve: TASK_APPROVE_ACTION_ID, merge: TASK_MERGE_ACTION_ID });
  registerDismissActions(app, deps, tell, TASK_DISMISS_ACTION_ID);
}
