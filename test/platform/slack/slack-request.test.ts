import { describe, expect, it } from 'vitest';
import { SlackRequest } from '../../../src/platform/slack/slack-request.js';

const user = { id: 'U0ALICE', team_id: 'T0TEAM' };
const view = (extra: Record<string, unknown> = {}) => ({
  callback_id: 'overseer_task_dismiss_reason',
  private_metadata: '{}',
  state: { values: { reason: { reason: { type: 'plain_text_input', value: null } } } },
  ...extra,
});

describe('SlackRequest: the bodies Overseer reads', () => {
  it.each([
    ['a slash command', { command: '/overseer', user_id: 'U0ALICE', text: '', channel_id: 'C0X' }],
    [
      'a click',
      { type: 'block_actions', user, channel: { id: 'C0X' }, actions: [{ action_id: 'a', value: 'v' }] },
    ],
    ['a click on the Home tab (no channel)', { type: 'block_actions', user, actions: [{ action_id: 'a' }] }],
    ['a view submission', { type: 'view_submission', user, view: view() }],
    ['a view closed', { type: 'view_closed', user, view: { callback_id: 'x' } }],
    [
      'an app_mention',
      { type: 'event_callback', event: { type: 'app_mention', text: 'hi', channel: 'C0X', ts: '1.2' } },
    ],
    ['an event Overseer has no listener for', { type: 'event_callback', event: { type: 'reaction_added' } }],
    [
      'a body that says block_actions without actions but carries a whole slash command',
      { type: 'block_actions', command: '/overseer', user_id: 'U0ALICE', text: '' },
    ],
  ])('takes %s', (_, body) => {
    expect(SlackRequest.safeParse(body).success).toBe(true);
  });

  it.each([
    ['a click without a user', { type: 'block_actions', actions: [{ action_id: 'a' }] }],
    ['a click whose actions are null', { type: 'block_actions', user, actions: null }],
    [
      'a click whose value is not text',
      { type: 'block_actions', user, actions: [{ action_id: 'a', value: 3 }] },
    ],
    ['a submission without state', { type: 'view_submission', user, view: view({ state: false }) }],
    [
      'a view closed that says actions: null',
      { type: 'view_closed', user, actions: null, view: { callback_id: 'x' } },
    ],
    ['a click whose channel is null', { type: 'block_actions', user, channel: null, actions: [] }],
    [
      'an app_mention whose text is not text',
      { type: 'event_callback', event: { type: 'app_mention', text: 42, channel: 'C', ts: '1' } },
    ],
    ['a type Overseer does not take', { type: 'shortcut', user, callback_id: 'x' }],
    ['a type named like a property of every object', { type: 'constructor', user, callback_id: 'x' }],
    ['a command without text', { command: '/overseer', user_id: 'U0ALICE' }],
  ])('refuses %s', (_, body) => {
    expect(SlackRequest.safeParse(body).success).toBe(false);
  });
});
