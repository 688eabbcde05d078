import type { RequestListener } from 'node:http';
import type { Ingress } from './create-ingress.js';
import type { Handler } from './create-server.js';

/** Slack signs every request; nothing is read from one without both headers. */
const SIGNATURE_HEADERS = ['x-slack-signature', 'x-slack-request-timestamp'] as const;

/**
 * POST /slack/events in HTTP mode: the Slack receiver's listener behind the ingress bounds. The
 * body is read here, within the limits, and handed on as `rawBody`, which the receiver verifies
 * the signature and timestamp over (platform/slack/slack-http-receiver.ts; Bolt's own
 * HTTPReceiver also takes a request whose `rawBody` is already a Buffer, and never touches the
 * stream again).
 */
export function slackEventsRoute(listener: RequestListener, ingress: Ingress): Handler {
  return async (request, response) => {
    const rawBody = await ingress.admit(request, response, 'slack', SIGNATURE_HEADERS);
    if (rawBody === undefined) return;
    listener(Object.assign(request, { rawBody }), response);
  };
}
