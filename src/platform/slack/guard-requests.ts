import type { App } from '@slack/bolt';
import { SlackRequest } from './slack-request.js';
import { SlackRequestNotUnderstood } from './slack-request-not-understood.js';

/**
 * The app as the HTTP receiver sees it (after the receiver has checked the signature), with two
 * guards. A body without the fields Slack always sends (`SlackRequest`) reaches no middleware and
 * no listener: it throws `SlackRequestNotUnderstood`, which the receiver answers 400 (see
 * process-event-error.ts); Bolt would otherwise trip over it and answer 500. And a request no
 * listener acknowledged (an action, view or event Overseer has no listener for) is acknowledged
 * once Bolt is done with it: 200, nothing done, where Bolt's receiver would hold it 3 seconds and
 * then answer 404 (https://docs.slack.dev/tools/bolt-js/concepts/acknowledge/).
 */
export function guardRequests(app: App): App {
  const guarded = Object.create(app) as App;
  guarded.processEvent = async (event) => {
    if (!SlackRequest.safeParse(event.body).success)
      throw new SlackRequestNotUnderstood('the request lacks fields Slack always sends');
    let acked = false;
    const ack: typeof event.ack = (response) => {
      acked = true;
      return event.ack(response);
    };
    await app.processEvent({ ...event, ack });
    if (!acked) await event.ack();
  };
  return guarded;
}
