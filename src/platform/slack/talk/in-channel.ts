import type { SlackCommandMiddlewareArgs } from '@slack/bolt';
import { quietMentions } from '../mrkdwn.js';

type Replies = Pick<SlackCommandMiddlewareArgs, 'ack' | 'respond'>;

/** A message shown in the channel: `in_channel`, and the people it names are not called. */
function shown<T>(message: T): T {
  if (typeof message === 'string') return quietMentions(message) as T;
  if (typeof message !== 'object' || message === null) return message;
  const text = (message as { text?: unknown }).text;
  return {
    ...message,
    response_type: 'in_channel',
    ...(typeof text === 'string' ? { text: quietMentions(text) } : {}),
  };
}

/**
 * The same answers, shown to the whole channel (`in_channel`): Slack then also shows the command
 * that was typed (https://api.slack.com/interactivity/slash-commands#responding_to_commands).
 * People are named as text, not mentioned: a history or status read out to a channel should not
 * notify again whoever acknowledged, approved or replied.
 */
export function inChannel({ ack, respond }: Replies): Replies {
  return {
    ack: (message) => ack(message === undefined ? message : shown(message)),
    respond: (message) => respond(shown(message)),
  };
}
