import type { RequestListener } from 'node:http';
import type { Ingress } from './create-ingress.js';
import type { Handler } from './create-server.js';

/** Slack signs every request; nothing is read from one without both headers. */
const SIGNATURE_HEADERS = ['x-slack-signature', 'x-slack-request-timestamp'] as const;

/**
 * POST /slack/events in HTTP mode: Bolt's HTTPReceiver listener behind the ingress bounds. The
 * body is read here, within the limits, and handed to Bolt as `rawBody`: Bolt's
 * `bufferIncomingMessage` takes a request whose `rawBody` is already a Buffer as read, so it never
 * touches the stream again, and still verifies the signature and timestamp over those bytes.
 */
export function slackEventsRoute(listener: RequestListener, ingress: Ingress): Handler {
  return async (request, response) => {
    const rawBody = await ingress.admit(request, response, 'slack', SIGNATURE_HEADERS);
    if (rawBody === undefined) return;
    listener(Object.assign(request, { rawBody }), response);
  };
}
