import { setTimeout as sleep } from 'node:timers/promises';
import { classifyFailure } from '../../core/classify-failure.js';
import { type Health, markDependency } from '../../core/health.js';
import type { Clock, Log } from '../../core/ports.js';
import type { SlackRuntime } from './create-slack-app.js';

/** Errors no retry can fix: a token itself is wrong. */
const FATAL_SLACK_ERRORS: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'not_allowed_token_type',
]);
/** Retries of an unreachable Slack: soon at first (a blip), then every 15 s. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 15_000;
/** How long start-up waits for the Socket Mode connection before going on without it. */
const CONNECT_WAIT_MS = 5_000;

export class SlackStartError extends Error {
  override readonly name = 'SlackStartError';
}

function platformError(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

function isFatal(error: unknown): string | undefined {
  const code = platformError(error);
  return code !== undefined && FATAL_SLACK_ERRORS.has(code) ? code : undefined;
}

export interface SlackStart {
  /** Settles once Slack answered, or when start-up was cancelled or failed. */
  readonly started: Promise<void>;
  cancel(): void;
}

/** Called when a token is refused after start-up went on without Slack: the process must stop. */
export type OnFatal = (error: SlackStartError) => void;

/**
 * Connects in Socket Mode without holding start-up hostage: a refused app token found within a few
 * seconds is fatal; a connection still trying goes on in the background (the client reconnects
 * by itself) while readiness reports Slack as unreachable.
 */
async function connect(
  slack: SlackRuntime,
  health: Health,
  clock: Clock,
  log: Log,
  onFatal: OnFatal,
): Promise<void> {
  const connecting = slack.connect().then(
    () => markDependency(health, 'slack-socket', true, clock.now()),
    (error: unknown) => {
      markDependency(health, 'slack-socket', false, clock.now(), classifyFailure(error).cause);
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
    connecting.catch((error: unknown) => {
      const code = isFatal(error);
      if (code !== undefined) onFatal(appTokenRefused(code));
      else log.error({ err: error, ...classifyFailure(error) }, 'Slack Socket Mode connection failed');
    });
    return;
  }
  const code = isFatal(waited);
  if (code !== undefined) throw appTokenRefused(code);
  log.error({ err: waited, ...classifyFailure(waited) }, 'Slack Socket Mode connection failed');
}

const botTokenRefused = (code: string) =>
  new SlackStartError(`Slack refused the bot token (${code}): check SLACK_BOT_TOKEN`);
const appTokenRefused = (code: string) =>
  new SlackStartError(`Slack refused the app-level token (${code}): check SLACK_APP_TOKEN`);

/**
 * Verifies the bot token (auth.test) and connects. A wrong token is fatal and says so: thrown when
 * found on the first attempt, handed to `onFatal` when found on a later one (start-up went on by
 * then). Slack being unreachable is not fatal: readiness reports it and start-up is retried in the
 * background.
 */
export async function startSlack(
  slack: SlackRuntime,
  health: Health,
  clock: Clock,
  log: Log,
  onFatal: OnFatal,
): Promise<SlackStart> {
  const controller = new AbortController();
  const attempt = async (): Promise<boolean> => {
    try {
      await slack.init();
    } catch (error) {
      const code = isFatal(error);
      if (code !== undefined) throw botTokenRefused(code);
      const { cause, code: detail } = classifyFailure(error);
      markDependency(health, 'slack', false, clock.now(), cause);
      log.warn(
        { err: error, cause, ...(detail ? { code: detail } : {}) },
        'Slack is not reachable; retrying',
      );
      return false;
    }
    markDependency(health, 'slack', true, clock.now());
    await connect(slack, health, clock, log, onFatal);
    return true;
  };
  if (await attempt()) return { started: Promise.resolve(), cancel: () => {} };
  const started = (async () => {
    for (let wait = RETRY_FIRST_MS; !controller.signal.aborted; wait = Math.min(wait * 2, RETRY_MAX_MS)) {
      try {
        await sleep(wait, undefined, { signal: controller.signal });
        if (await attempt()) return;
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof SlackStartError) return onFatal(error);
        log.error({ err: error }, 'Slack start-up failed');
      }
    }
  })();
  return { started, cancel: () => controller.abort() };
}
