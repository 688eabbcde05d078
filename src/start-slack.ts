import { setTimeout as sleep } from 'node:timers/promises';
import type { SlackRuntime } from './adapters/slack/create-slack-app.js';
import { type Health, markDependency } from './app/health.js';
import type { Clock, Log } from './app/ports.js';

/** Errors no retry can fix: a token itself is wrong. */
const FATAL_SLACK_ERRORS: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'not_allowed_token_type',
]);
const RETRY_EVERY_MS = 15_000;
/** How long start-up waits for the Socket Mode connection before going on without it. */
const CONNECT_WAIT_MS = 5_000;

export class SlackStartError extends Error {
  override readonly name = 'SlackStartError';
}

function platformError(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

function describe(error: unknown): string {
  return platformError(error) ?? (error instanceof Error ? error.message : 'error');
}

export interface SlackStart {
  /** Settles once Slack answered, or when start-up was cancelled. */
  readonly started: Promise<void>;
  cancel(): void;
}

/**
 * Connects in Socket Mode without holding start-up hostage: a refused app token found within a few
 * seconds is fatal; a connection still trying goes on in the background (the client reconnects
 * by itself) while readiness reports Slack as unreachable.
 */
async function connect(slack: SlackRuntime, health: Health, clock: Clock, log: Log): Promise<void> {
  const connecting = slack.connect().then(
    () => markDependency(health, 'slack-socket', true, clock.now()),
    (error: unknown) => {
      markDependency(health, 'slack-socket', false, clock.now(), describe(error));
      throw error;
    },
  );
  const waited = await Promise.race([
    connecting.then(
      () => 'connected' as const,
      (error: unknown) => error,
    ),
    sleep(CONNECT_WAIT_MS, 'waiting' as const),
  ]);
  if (waited === 'connected') return;
  if (waited === 'waiting') {
    markDependency(health, 'slack-socket', false, clock.now(), 'Socket Mode connection not open yet');
    log.warn({}, 'Slack Socket Mode is not connected yet; going on while it retries');
    connecting.catch((error: unknown) => log.error({ err: error }, 'Slack Socket Mode connection failed'));
    return;
  }
  const code = platformError(waited);
  if (code !== undefined && FATAL_SLACK_ERRORS.has(code)) {
    throw new SlackStartError(`Slack refused the app-level token (${code}): check SLACK_APP_TOKEN`);
  }
  log.error({ err: waited }, 'Slack Socket Mode connection failed');
}

/**
 * Verifies the bot token (auth.test) and connects. A wrong token is fatal and says so; Slack being
 * unreachable is not: readiness reports it and start-up is retried in the background.
 */
export async function startSlack(
  slack: SlackRuntime,
  health: Health,
  clock: Clock,
  log: Log,
): Promise<SlackStart> {
  const controller = new AbortController();
  const attempt = async (): Promise<boolean> => {
    try {
      await slack.init();
    } catch (error) {
      const code = platformError(error);
      if (code !== undefined && FATAL_SLACK_ERRORS.has(code)) {
        throw new SlackStartError(`Slack refused the bot token (${code}): check SLACK_BOT_TOKEN`);
      }
      markDependency(health, 'slack', false, clock.now(), describe(error));
      log.warn({ err: error }, 'Slack is not reachable; retrying');
      return false;
    }
    markDependency(health, 'slack', true, clock.now());
    await connect(slack, health, clock, log);
    return true;
  };
  if (await attempt()) return { started: Promise.resolve(), cancel: () => {} };
  const started = (async () => {
    while (!controller.signal.aborted) {
      try {
        await sleep(RETRY_EVERY_MS, undefined, { signal: controller.signal });
      } catch {
        return;
      }
      if (await attempt().catch(() => false)) return;
    }
  })();
  return { started, cancel: () => controller.abort() };
}
