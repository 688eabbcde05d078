import type { FakeSlack } from './fake-slack.js';

/** One thing Overseer gave Slack to show: where it went and the payload as Block Kit JSON. */
export interface SentToSlack {
  readonly where: string;
  readonly surface: 'message' | 'view';
  readonly payload: Record<string, unknown>;
}

const MESSAGE_METHODS = ['chat.postMessage', 'chat.update', 'chat.postEphemeral'];
const VIEW_METHODS = ['views.publish', 'views.open', 'views.update'];

/** A param the Web API client sent form-encoded as a JSON string, parsed back. */
function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * Everything Overseer asked the fake Slack to show people, accepted or not: messages (posts,
 * updates, ephemerals), views (Home tab, modals) and the answers to response_urls.
 */
export function sentToSlack(slack: FakeSlack): SentToSlack[] {
  const sent: SentToSlack[] = [];
  for (const call of slack.calls) {
    if (MESSAGE_METHODS.includes(call.method)) {
      const { text, blocks } = call.params;
      sent.push({
        where: call.method,
        surface: 'message',
        payload: { ...(text === undefined ? {} : { text }), blocks: parsed(blocks) ?? [] },
      });
    } else if (VIEW_METHODS.includes(call.method)) {
      const view = parsed(call.params.view) as Record<string, unknown> | undefined;
      sent.push({ where: call.method, surface: 'view', payload: { blocks: view?.blocks ?? [] } });
    }
  }
  for (const response of slack.responses) {
    const { text, blocks } = response.body;
    sent.push({
      where: 'response_url',
      surface: 'message',
      payload: { ...(text === undefined ? {} : { text }), blocks: blocks ?? [] },
    });
  }
  return sent;
}
