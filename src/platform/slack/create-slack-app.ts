import type { RequestListener } from 'node:http';
import { type AnyMiddlewareArgs, App, type Middleware, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { guardRequests } from './guard-requests.js';
import { interactionRoute } from './interaction-route.js';
import { processEventError } from './process-event-error.js';
import { createSlackHttpReceiver } from './slack-http-receiver.js';
import { slackLogger } from './slack-logger.js';

export interface SlackAppOptions {
  readonly botToken: string;
  readonly appToken?: string;
  readonly signingSecret?: string;
  readonly apiUrl: string;
  readonly log: Logger;
  /** The WebClient's `fetch` (one that counts each call, for the metrics). */
  readonly fetch?: typeof fetch;
}

export interface SlackRuntime {
  readonly app: App;
  readonly client: WebClient;
  /** Serves POST /slack/events in HTTP mode; undefined in Socket Mode. */
  readonly requestListener?: RequestListener;
  /**
   * Adds a global middleware (after Bolt's own): the one way Overseer's middleware and listeners
   * are registered, so that over HTTP commands and interactions reach them without Bolt's
   * `processEvent` (interaction-route.ts).
   */
  use(middleware: Middleware<AnyMiddlewareArgs>): void;
  /** Verifies the bot token (auth.test). */
  init(): Promise<void>;
  /** In Socket Mode, opens the WebSocket (the client reconnects by itself later); a no-op over HTTP. */
  connect(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Bolt app in either mode. In HTTP mode Bolt never opens a port of its own: a lean receiver
 * (slack-http-receiver.ts) is mounted on Overseer's one server. In Socket Mode Slack is reached over a
 * WebSocket and the HTTP server only serves health, metrics and webhooks.
 */
export function createSlackApp(options: SlackAppOptions): SlackRuntime {
  const logger = slackLogger(options.log);
  const clientOptions = {
    slackApiUrl: options.apiUrl,
    timeout: 10_000,
    retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  // No conversation store: no listener reads one, and Bolt's default would run for every request.
  const appFor = (receiver: Receiver) =>
    new App({
      token: options.botToken,
      receiver,
      logger,
      clientOptions,
      convoStore: false,
      deferInitialization: true,
    });
  if (options.appToken) {
    const app = appFor(
      new SocketModeReceiver({ appToken: options.appToken, logger, installerOptions: { clientOptions } }),
    );
    return {
      app,
      client: app.client,
      use: (middleware) => void app.use(middleware),
      init: () => app.init(),
      connect: () => app.start().then(() => undefined),
      stop: () => app.stop().then(() => undefined),
    };
  }
  if (!options.signingSecret) throw new Error('SLACK_SIGNING_SECRET is required in HTTP mode');
  const receiver = createSlackHttpReceiver({
    signingSecret: options.signingSecret,
    logger,
    processEventErrorHandler: processEventError(options.log),
  });
  const app = appFor(receiver);
  const chain: Middleware<AnyMiddlewareArgs>[] = [];
  const route = interactionRoute({
    chain,
    client: app.client,
    botToken: options.botToken,
    logger,
    fetch: options.fetch ?? globalThis.fetch,
  });
  // The receiver hands requests to the app through guards: bodies not as Slack sends them get 400,
  // and none waits 3 s for an ack nobody gives. Commands and interactions take the direct route.
  receiver.init(guardRequests(app, route));
  return {
    app,
    client: app.client,
    requestListener: receiver.requestListener,
    use: (middleware) => {
      app.use(middleware);
      chain.push(middleware);
    },
    init: () => app.init(),
    connect: async () => {},
    stop: async () => {},
  };
}
