import type { App, BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { FlagOutcome, FlagRequest } from '../../app/change-flag.js';
import type { EpisodesReport } from '../../app/describe-episodes.js';
import type { FlagsReport } from '../../app/describe-flags.js';
import type { StatusReport } from '../../app/describe-status.js';
import type { Log } from '../../app/ports.js';
import { FLAG_NAMES } from '../../domain/settings-doc.js';
import { flagAnswer } from './flags-view.js';
import { FLAG_ACTION_ID, homeView } from './home-view.js';
import type { SlackBotEvent } from './slack-surface.js';

export interface HomeDeps {
  readonly log: Log;
  readonly status: () => Promise<StatusReport>;
  readonly flags: () => Promise<FlagsReport>;
  readonly episodes: (repo?: string) => Promise<EpisodesReport>;
  readonly changeFlag: (userId: string, request: FlagRequest) => Promise<FlagOutcome>;
  /** Whether `userId` may change flags: admins see toggles. */
  readonly isAdmin: (userId: string) => Promise<boolean>;
  readonly dormant: boolean;
}

const EVENT = 'app_home_opened' satisfies SlackBotEvent;

/** The toggle's value, or undefined when it is not one of ours (a stale or forged click). */
function flagRequest(value: string | undefined): FlagRequest | undefined {
  try {
    const parsed = JSON.parse(value ?? '') as { flag?: unknown; value?: unknown };
    const flag = FLAG_NAMES.find((name) => name === parsed.flag);
    if (flag === undefined || typeof parsed.value !== 'boolean') return undefined;
    // Turning off came through Slack's confirm dialog on the button.
    return { flag, value: parsed.value, confirmed: true };
  } catch {
    return undefined;
  }
}

/**
 * The Home tab: published with `views.publish` when a person opens it, and again after they press
 * a flag toggle (with the outcome on top). Each publish reads the store afresh.
 */
export function registerHomeTab(app: App, deps: HomeDeps): void {
  const publish = async (client: WebClient, userId: string, notice?: string) => {
    const [status, flags, episodes, admin] = await Promise.all([
      deps.status(),
      deps.flags(),
      deps.episodes(),
      deps.isAdmin(userId),
    ]);
    const view = homeView({ status, flags, episodes, admin, ...(notice ? { notice } : {}) });
    await client.views.publish({ user_id: userId, view: view as never });
  };

  app.event(EVENT, async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await publish(client, event.user);
  });

  app.action<BlockButtonAction>(FLAG_ACTION_ID, async ({ ack, body, action, client }) => {
    await ack();
    const request = flagRequest(action.value);
    const notice =
      request === undefined
        ? 'That button is out of date. Nothing changed.'
        : flagAnswer(await deps.changeFlag(body.user.id, request), deps.dormant);
    await publish(client, body.user.id, notice);
  });
}
