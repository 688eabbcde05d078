import { ErrorCode, type HTTPReceiverOptions } from '@slack/bolt';
import type { Logger } from 'pino';
import { SlackRequestNotUnderstood } from './slack-request-not-understood.js';

type ProcessEventErrorHandler = NonNullable<HTTPReceiverOptions['processEventErrorHandler']>;

/**
 * What the HTTP receiver answers when handling a signed request throws before it was
 * acknowledged: 400 for a body Overseer cannot read (`SlackRequestNotUnderstood`), 401 for a
 * failed authorization, 500 otherwise (as Bolt's default does). The answer and the log name the
 * class of the error only, never the body.
 */
export function processEventError(log: Logger): ProcessEventErrorHandler {
  return async ({ error, response }) => {
    if (response.headersSent) {
      log.warn({ cause: error.name }, 'Slack request failed after it was acknowledged');
      return false;
    }
    const status =
      error instanceof SlackRequestNotUnderstood
        ? 400
        : 'code' in error && error.code === ErrorCode.AuthorizationError
          ? 401
          : 500;
    if (status === 500) log.error({ err: error }, 'Slack request failed before it was acknowledged');
    else log.warn({ cause: error.name, status }, 'Slack request refused');
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: status === 400 ? 'request not understood' : 'request failed' }));
    return true;
  };
}
