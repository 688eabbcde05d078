import { type AnyMiddlewareArgs, type Middleware, type ReceiverEvent, RespondError } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import type { ChatPostMessageArguments, WebClient } from '@slack/web-api';

type Body = Record<string, unknown>;

/** The field that names a command's or an interaction's payload, as Bolt aliases it. */
type Alias = 'command' | 'action' | 'view';

export interface InteractionRouteOptions {
  /** Bolt's global middleware after its own `ignoreSelf`, in order: Overseer's, as `use` registers them. */
  readonly chain: readonly Middleware<AnyMiddlewareArgs>[];
  readonly client: WebClient;
  readonly botToken: string;
  readonly logger: Logger;
  /** What `respond` posts with: the WebClient's fetch, as Bolt's own `respond` uses it. */
  readonly fetch: typeof fetch;
}

/**
 * A command's, a click's or a view's payload, and the user and team it comes from, read where
 * Bolt's `getTypeAndConversation` and `buildSource` read them; undefined for anything else (events,
 * shortcuts, options), which Bolt's `processEvent` handles.
 */
function interactionOf(
  body: Body,
): { alias: Alias; payload: unknown; channel?: string; teamId?: unknown; userId?: unknown } | undefined {
  if (body.event !== undefined) return undefined;
  if (body.command !== undefined) {
    const channel = body.channel_id;
    return {
      alias: 'command',
      payload: body,
      ...(typeof channel === 'string' ? { channel } : {}),
      teamId: body.team_id,
      userId: body.user_id,
    };
  }
  const user = body.user as { id?: unknown; team_id?: unknown } | undefined;
  const team = body.team as { id?: unknown } | null | undefined;
  const teamId = team?.id ?? user?.team_id;
  if (body.type === 'block_actions' && Array.isArray(body.actions) && body.name === undefined) {
    const channel = (body.channel as { id?: unknown } | undefined)?.id;
    return {
      alias: 'action',
      payload: body.actions[0],
      ...(typeof channel === 'string' ? { channel } : {}),
      teamId,
      userId: user?.id,
    };
  }
  if (body.type === 'view_submission' || body.type === 'view_closed') {
    const view = body.view as { app_installed_team_id?: unknown } | undefined;
    return { alias: 'view', payload: view, teamId: view?.app_installed_team_id || teamId, userId: user?.id };
  }
  return undefined;
}

function responseUrlOf(body: Body): string | undefined {
  if (typeof body.response_url === 'string') return body.response_url;
  const [first] = Array.isArray(body.response_urls)
    ? (body.response_urls as { response_url?: unknown }[])
    : [];
  return typeof first?.response_url === 'string' ? first.response_url : undefined;
}

/**
 * Commands, clicks and view submissions over HTTP, handed to Overseer's middleware without Bolt's
 * `processEvent`. For these Bolt's per-request work (authorizing the one bot token again, a copy
 * of the client options and a client pool lookup, the context, `say` and `respond`, a promise per
 * middleware and its own built-in `ignoreSelf`, which passes anything but an event) was about a
 * sixth of a warm request's CPU in the ack bench, whose medians follow CPU per request. The
 * arguments are those Bolt 5 gives a global middleware for these kinds (App.processEvent, checked
 * against it in test/platform/slack/interaction-route.test.ts): `body`, `payload` and its alias
 * (`command`, `action` or `view`), `ack`, `respond` when there is a response URL, `say` when there
 * is a channel, `client` (the app's: Overseer has one workspace and one bot token), `logger`,
 * `next`, and a `context` with the bot token, the team, the user and Slack's retry number and
 * reason (not the bot's own IDs, which only `ignoreSelf` reads, and only for events). A failure
 * is logged as Bolt's default error handler logs it and rethrown to the receiver.
 *
 * Returns undefined for a request that is not one of these, for Bolt to handle.
 */
export function interactionRoute(
  options: InteractionRouteOptions,
): (event: ReceiverEvent) => Promise<void> | undefined {
  const { chain, client, logger } = options;
  return (event) => {
    const body = event.body as Body;
    const interaction = interactionOf(body);
    if (interaction === undefined) return undefined;
    const { alias, payload, channel } = interaction;
    const url = responseUrlOf(body);
    const args: Record<string, unknown> = {
      body,
      payload,
      [alias]: payload,
      ack: event.ack,
      client,
      logger,
      context: {
        botToken: options.botToken,
        isEnterpriseInstall: body.is_enterprise_install === true || body.is_enterprise_install === 'true',
        retryNum: event.retryNum,
        retryReason: event.retryReason,
        ...(interaction.teamId === undefined ? {} : { teamId: interaction.teamId }),
        ...(interaction.userId === undefined ? {} : { userId: interaction.userId }),
      },
    };
    if (channel !== undefined)
      args.say = (message: string | Body) =>
        client.chat.postMessage(
          (typeof message === 'string'
            ? { text: message, channel }
            : { ...message, channel }) as ChatPostMessageArguments,
        );
    if (url !== undefined) args.respond = respondTo(options.fetch, url);
    return run(chain, args).catch((error: unknown) => {
      logger.error(error);
      throw error;
    });
  };
}

/** Bolt's `respond`: the message posted as JSON to the response URL; a refusal throws. */
function respondTo(fetchFn: typeof fetch, url: string) {
  return async (message: string | Body) => {
    const response = await fetchFn(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(typeof message === 'string' ? { text: message } : message),
    });
    if (!response.ok)
      throw new RespondError(
        `Failed to respond to the response_url: ${response.status} ${response.statusText}`,
        response.status,
      );
    return response;
  };
}

/** Each middleware in turn, the next one when the one before calls `next`, as Bolt's processMiddleware. */
function run(chain: readonly Middleware<AnyMiddlewareArgs>[], args: Record<string, unknown>): Promise<void> {
  let last = -1;
  const call = async (index: number): Promise<void> => {
    if (index <= last) throw new Error('next() called multiple times');
    last = index;
    const middleware = chain[index];
    if (middleware === undefined) return;
    await middleware({ ...args, next: () => call(index + 1) } as never);
  };
  return call(0);
}
