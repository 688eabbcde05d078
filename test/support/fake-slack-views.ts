// views.open as Slack documents it (https://docs.slack.dev/reference/methods/views.open and the
// modal view object, https://docs.slack.dev/reference/views/modal-views): a trigger_id from an
// interaction, usable once and for 3 seconds, exchanged for a modal that Slack validates first.

import type { MethodContext, SlackMethod, SlackParams, SlackResult } from './fake-slack-params.js';
import { APP_ID, BOT_ID, TEAM_ID } from './fake-slack-state.js';

/** How long a trigger_id can be exchanged for a view. */
export const TRIGGER_LIFETIME_MS = 3_000;
/** Slack refuses a view payload over 250 kB. */
const MAX_VIEW_BYTES = 250_000;

/** A trigger_id Slack minted for one interaction of `user`. */
export interface SlackTrigger {
  readonly user: string;
  readonly issuedAt: number;
  used: boolean;
}

/** A modal as Slack answered views.open with it, and who it was opened for. */
export interface OpenedView {
  readonly user: string;
  readonly triggerId: string;
  readonly view: Record<string, unknown>;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The problems Slack reports for a modal, as `[ERROR] … [json-pointer:/view/…]` messages. */
function viewProblems(view: Json): string[] {
  const problems: string[] = [];
  const problem = (pointer: string, text: string) =>
    problems.push(`[ERROR] ${text} [json-pointer:/view${pointer}]`);
  const plainText = (value: unknown, pointer: string, max: number, required: boolean) => {
    if (value === undefined) {
      if (required) problem(pointer, 'missing required field');
      return;
    }
    if (!isObject(value) || value.type !== 'plain_text' || typeof value.text !== 'string') {
      problem(pointer, 'must be a plain_text text object');
      return;
    }
    if (value.text.length === 0) problem(`${pointer}/text`, 'must be at least 1 character');
    if (value.text.length > max) problem(`${pointer}/text`, `must be less than ${max + 1} characters`);
  };

  if (view.type !== 'modal') problem('/type', 'must be modal');
  plainText(view.title, '/title', 24, true);
  plainText(view.close, '/close', 24, false);
  plainText(view.submit, '/submit', 24, false);
  for (const [key, max] of [
    ['private_metadata', 3000],
    ['callback_id', 255],
    ['external_id', 255],
  ] as const) {
    const value = view[key];
    if (value !== undefined && (typeof value !== 'string' || value.length > max))
      problem(`/${key}`, `must be a string of at most ${max} characters`);
  }
  const blocks = view.blocks;
  if (!Array.isArray(blocks)) {
    problem('/blocks', 'missing required field');
    return problems;
  }
  if (blocks.length > 100) problem('/blocks', 'no more than 100 items allowed');
  const blockIds = new Set<string>();
  blocks.forEach((block: unknown, index) => {
    const at = `/blocks/${index}`;
    if (!isObject(block)) {
      problem(at, 'must be a block object');
      return;
    }
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id)) problem(`${at}/block_id`, 'duplicate block_id');
      if (block.block_id.length > 255) problem(`${at}/block_id`, 'must be less than 256 characters');
      blockIds.add(block.block_id);
    }
    if (block.type === 'input') problems.push(...inputProblems(block, at));
  });
  if (view.submit === undefined && blocks.some((block) => isObject(block) && block.type === 'input'))
    problem('/submit', 'submit is required when an input block is present');
  return problems;

  function inputProblems(block: Json, at: string): string[] {
    const before = problems.length;
    plainText(block.label, `${at}/label`, 2000, true);
    plainText(block.hint, `${at}/hint`, 2000, false);
    const element = block.element;
    if (!isObject(element)) {
      problem(`${at}/element`, 'missing required field');
      return problems.splice(before);
    }
    if (element.type === 'plain_text_input') {
      plainText(element.placeholder, `${at}/element/placeholder`, 150, false);
      for (const key of ['min_length', 'max_length'] as const) {
        const value = element[key];
        if (value !== undefined && (!Number.isInteger(value) || Number(value) < 0 || Number(value) > 3000))
          problem(`${at}/element/${key}`, 'must be an integer from 0 to 3000');
      }
    }
    return problems.splice(before);
  }
}

/** Slack fills in block_id and action_id where the app left them out. */
function withIds(blocks: unknown[], ctx: MethodContext): unknown[] {
  return blocks.map((block) => {
    if (!isObject(block)) return block;
    const filled: Json = { ...block, block_id: block.block_id ?? ctx.ws.nextId('B') };
    if (isObject(block.element)) {
      filled.element = { ...block.element, action_id: block.element.action_id ?? ctx.ws.nextId('A') };
    }
    return filled;
  });
}

export function createViewsOpen(
  triggers: Map<string, SlackTrigger>,
  opened: OpenedView[],
  now: () => number,
): SlackMethod {
  return (params: SlackParams, ctx: MethodContext): SlackResult => {
    const triggerId = params.trigger_id;
    const view = params.view;
    if (typeof triggerId !== 'string' || triggerId === '' || !isObject(view)) {
      return invalidArguments(['[ERROR] missing required field: trigger_id or view']);
    }
    if (JSON.stringify(view).length > MAX_VIEW_BYTES) return { ok: false, error: 'view_too_large' };
    const trigger = triggers.get(triggerId);
    if (trigger === undefined) return { ok: false, error: 'invalid_trigger_id' };
    if (trigger.used) return { ok: false, error: 'exchanged_trigger_id' };
    if (now() - trigger.issuedAt > TRIGGER_LIFETIME_MS) return { ok: false, error: 'expired_trigger_id' };
    const problems = viewProblems(view);
    if (problems.length > 0) return invalidArguments(problems);
    trigger.used = true;
    const id = ctx.ws.nextId('V');
    const stored: Json = {
      id,
      team_id: TEAM_ID,
      type: 'modal',
      private_metadata: '',
      callback_id: '',
      external_id: '',
      clear_on_close: false,
      notify_on_close: false,
      ...view,
      blocks: withIds(view.blocks as unknown[], ctx),
      state: { values: {} },
      hash: ctx.ws.nextTs(),
      previous_view_id: null,
      root_view_id: id,
      app_id: APP_ID,
      app_installed_team_id: TEAM_ID,
      bot_id: BOT_ID,
    };
    opened.push({ user: trigger.user, triggerId, view: stored });
    return { ok: true, view: structuredClone(stored) };
  };
}

function invalidArguments(messages: string[]): SlackResult {
  return { ok: false, error: 'invalid_arguments', response_metadata: { messages } };
}
