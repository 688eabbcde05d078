import { setTimeout as sleep } from 'node:timers/promises';
import type { SlackRuntime } from './adapters/slack/create-slack-app.js';
import { type Health, markDependency } from './app/health.js';
import type { Clock, Log } from './app/ports.js';

/** Errors no retry can fix: the token itself is wrong. */
const FATAL_SLACK_ERRORS: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'not_allowed_token_type',
]);
const RETRY_EVERY_MS = 15_000;

export class SlackStartError extends Error {
  override readonly name = 'SlackStartError';
}

function platformError(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

export interface SlackStart {
  /** Settles once Slack answered, or when start-up was cancelled. */
  readonly started: Promise<void>;
  cancel(): void;
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
      await slack.start();
      markDependency(health, 'slack', true, clock.now());
      return true;
    } catch (error) {
      const code = platformError(error);
      if (code !== undefined && FATAL_SLACK_ERRORS.has(code)) {
        throw new SlackStartError(
          `Slack refused the bot token (${code}): check SLACK_BOT_TOKEN (and SLACK_APP_TOKEN in Socket Mode)`,
        );
      }
      markDependency(
        health,
        'slack',
        false,
        clock.now(),
        code ?? (error instanceof Error ? error.message : 'error'),
      );
      log.warn({ err: error }, 'Slack is not reachable; retrying');
      return false;
    }
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
