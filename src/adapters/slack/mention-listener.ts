import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { StatusReport } from '../../app/describe-status.js';
import { doOnce } from '../../app/do-once.js';
import type { Log, Store } from '../../app/ports.js';
import { HELP_TEXT } from './overseer-command.js';
import { renderStatus } from './status-view.js';

export interface MentionDeps {
  readonly log: Log;
  readonly store: Store;
  readonly status: () => Promise<StatusReport>;
}

/** Slack retries an event it thinks was lost, and in Socket Mode any replica may get it: answer once. */
const EVENT_ONCE = { claimMs: 30_000, doneMs: 60 * 60_000 };
const STATUS_WORDS = /\b(status|working on|doing|red|broken|failing|incidents?)\b/i;

/**
 * "@Overseer status", "@Overseer what are you working on?", "@Overseer why is CI red?": answered in
 * the thread with the same truthful status as `/overseer status`; anything else gets the help.
 */
export function registerMentionListener(app: App, deps: MentionDeps): void {
  app.event('app_mention', async ({ event, body, say }) => {
    const eventId = (body as { event_id?: string }).event_id;
    let answered = false;
    const answer = async () => {
      const asked = event.text.replace(/<@[A-Z0-9]+>/g, '').trim();
      const text = STATUS_WORDS.test(asked) ? renderStatus(await deps.status()) : HELP_TEXT;
      await say({ text, thread_ts: event.thread_ts ?? event.ts });
      answered = true;
    };
    if (eventId === undefined) return answer();
    // Marked done only once answered, so a crash before the answer leaves Slack's retry answerable.
    // Alerts fail open: when the dedupe marks cannot be read or written, answer anyway.
    await doOnce(deps.store, `slack-event:${eventId}`, randomUUID(), EVENT_ONCE, answer).catch(
      async (error: unknown) => {
        const storeDown = error instanceof Error && error.name === 'StoreUnavailableError';
        if (storeDown && !answered) return answer();
        throw error;
      },
    );
  });
}
