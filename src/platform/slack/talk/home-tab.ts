import type { BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Log, Store } from '../../../core/ports.js';
import type { FlagOutcome, FlagRequest } from '../../../settings/change-flag.js';
import { FLAG_NAMES } from '../../../settings/domain/settings-doc.js';
import { notePublished } from '../../../talk/home-viewers.js';
import type { ListenerApp } from '../listener-router.js';
import type { SlackBotEvent } from '../slack-surface.js';
import { flagAnswer } from './flags-view.js';
import { homeFingerprint } from './home-fingerprint.js';
import { type HomeSources, publishHome, readHome } from './home-refresh.js';
import { FLAG_ACTION_ID } from './home-view.js';

export interface HomeDeps extends HomeSources {
  readonly log: Log;
  readonly store: Store;
  readonly now: () => number;
  readonly changeFlag: (userId: string, request: FlagRequest) => Promise<FlagOutcome>;
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
export function registerHomeTab(app: ListenerApp, deps: HomeDeps): void {
  const publish = async (
    client: WebClient,
    userId: string,
    options: { notice?: string; opened?: boolean },
  ) => {
    const [data, admin] = await Promise.all([readHome(deps), deps.isAdmin(userId)]);
    const { notice } = options;
    await publishHome(client, userId, { ...data, admin, ...(notice ? { notice } : {}) });
    // Remembered for a day, so the view is refreshed when what it shows changes (home-refresh.ts).
    const shown = homeFingerprint(data);
    await notePublished(deps.store, deps.now(), [
      { user: userId, shown, opened: options.opened ?? false },
    ]).catch((error: unknown) => deps.log.warn({ err: error }, 'Home tab viewer could not be remembered'));
  };

  app.event(EVENT, async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await publish(client, event.user, { opened: true });
  });

  app.action<BlockButtonAction>(FLAG_ACTION_ID, async ({ ack, body, action, client }) => {
    await ack();
    const request = flagRequest(action.value);
    const notice =
      request === undefined
        ? 'That button is out of date. Nothing changed.'
        : flagAnswer(await deps.changeFlag(body.user.id, request), deps.dormant);
    await publish(client, body.user.id, { notice, opened: true });
  });
}
