import type { App, ReceiverEvent } from '@slack/bolt';
import { SlackRequest } from './slack-request.js';
import { SlackRequestNotUnderstood } from './slack-request-not-understood.js';

/**
 * The app as the HTTP receiver sees it (after the receiver has checked the signature), with two
 * guards. A body without the fields Slack always sends (`SlackRequest`) reaches no middleware and
 * no listener: it throws `SlackRequestNotUnderstood`, which the receiver answers 400 (see
 * process-event-error.ts); Bolt would otherwise trip over it and answer 500. And a request no
 * listener acknowledged (an action, view or event Overseer has no listener for) is acknowledged
 * once Bolt is done with it: 200, nothing done, where Bolt's receiver would hold it 3 seconds and
 * then answer 404 (https://docs.slack.dev/tools/bolt-js/concepts/acknowledge/). A request `direct`
 * takes (commands and interactions, interaction-route.ts) does not go through Bolt's
 * `processEvent`; any other does.
 */
export function guardRequests(app: App, direct?: (event: ReceiverEvent) => Promise<void> | undefined): App {
  const guarded = Object.create(app) as App;
  guarded.processEvent = async (event) => {
    if (!SlackRequest.safeParse(event.body).success)
      throw new SlackRequestNotUnderstood('the request lacks fields Slack always sends');
    let acked = false;
    const ack: typeof event.ack = (response) => {
      acked = true;
      return event.ack(response);
    };
    const guardedEvent = { ...event, ack };
    await (direct?.(guardedEvent) ?? app.processEvent(guardedEvent));
    if (!acked) await event.ack();
  };
  return guarded;
}
