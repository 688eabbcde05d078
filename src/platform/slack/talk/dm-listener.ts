import type { StatusReport } from '../../../talk/describe-status.js';
import type { ListenerApp } from '../listener-router.js';
import { HELP_TEXT } from './overseer-command.js';
import { renderStatus } from './status-view.js';

export interface DmDeps {
  readonly status: (scope?: { readonly channel?: string }) => Promise<StatusReport>;
}

const STATUS_WORDS = /\b(status|working on|doing|red|broken|failing|incidents?)\b/i;
const HELP_WORDS = /^\W*(help|commands?|\?)\W*$/i;
export const DM_POINTER =
  'I answer `status`, `what are you working on?` and `help` here. `/overseer help` lists every command.';

/**
 * Direct messages to the bot (its Messages tab), answered like an @-mention but about every watch:
 * status, what it is working on, help; anything else gets a one-line pointer. Edits, deletions,
 * bot messages (its own included) and other subtypes are not questions and get no answer.
 */
export function registerDmListener(app: ListenerApp, deps: DmDeps): void {
  // Bolt delivers `message.im` as a `message` event with channel_type `im`.
  app.event('message', async ({ event, say }) => {
    if (event.channel_type !== 'im' || event.subtype !== undefined || 'bot_id' in event) return;
    const asked = (event.text ?? '').trim();
    let text = DM_POINTER;
    if (HELP_WORDS.test(asked)) text = HELP_TEXT;
    else if (STATUS_WORDS.test(asked)) text = renderStatus(await deps.status());
    await say({ text });
  });
}
