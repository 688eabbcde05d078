// views.publish as Slack documents it (https://docs.slack.dev/reference/methods/views.publish and
// the Home tab view object, https://docs.slack.dev/surfaces/app-home): a `home` view of at most 100
// blocks published for one user, replacing the one before; a `hash` that is not the current view's
// is a conflict. Block limits checked: section text 3000, header text 150 (plain text), button
// text 75, and a button's confirm dialog (title 100, text 300, confirm and deny 30).

import { fail, type SlackMethod, str } from './fake-slack-params.js';
import { APP_ID, BOT_ID, TEAM_ID } from './fake-slack-state.js';

const MAX_VIEW_BYTES = 250_000;
const MAX_HOME_BLOCKS = 100;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function homeProblems(view: Json): string[] {
  const problems: string[] = [];
  const problem = (pointer: string, text: string) =>
    problems.push(`[ERROR] ${text} [json-pointer:/view${pointer}]`);
  const textObject = (value: unknown, pointer: string, max: number, plainOnly: boolean) => {
    if (!isObject(value) || typeof value.text !== 'string') {
      problem(pointer, 'must be a text object');
      return;
    }
    if (plainOnly && value.type !== 'plain_text') problem(`${pointer}/type`, 'must be plain_text');
    else if (value.type !== 'plain_text' && value.type !== 'mrkdwn')
      problem(`${pointer}/type`, 'must be plain_text or mrkdwn');
    if (value.text.length === 0) problem(`${pointer}/text`, 'must be at least 1 character');
    if (value.text.length > max) problem(`${pointer}/text`, `must be less than ${max + 1} characters`);
  };
  const button = (element: Json, pointer: string) => {
    textObject(element.text, `${pointer}/text`, 75, true);
    if (element.value !== undefined && (typeof element.value !== 'string' || element.value.length > 2000))
      problem(`${pointer}/value`, 'must be a string of at most 2000 characters');
    const confirm = element.confirm;
    if (confirm === undefined) return;
    if (!isObject(confirm)) {
      problem(`${pointer}/confirm`, 'must be a confirmation dialog object');
      return;
    }
    textObject(confirm.title, `${pointer}/confirm/title`, 100, true);
    textObject(confirm.text, `${pointer}/confirm/text`, 300, false);
    textObject(confirm.confirm, `${pointer}/confirm/confirm`, 30, true);
    textObject(confirm.deny, `${pointer}/confirm/deny`, 30, true);
  };

  if (view.type !== 'home') problem('/type', 'must be home');
  const blocks = view.blocks;
  if (!Array.isArray(blocks)) {
    problem('/blocks', 'missing required field');
    return problems;
  }
  if (blocks.length > MAX_HOME_BLOCKS) problem('/blocks', `no more than ${MAX_HOME_BLOCKS} items allowed`);
  blocks.forEach((block: unknown, index) => {
    const at = `/blocks/${index}`;
    if (!isObject(block)) {
      problem(at, 'must be a block object');
      return;
    }
    if (block.type === 'section') {
      textObject(block.text, `${at}/text`, 3000, false);
      if (isObject(block.accessory) && block.accessory.type === 'button')
        button(block.accessory, `${at}/accessory`);
    }
    if (block.type === 'header') textObject(block.text, `${at}/text`, 150, true);
  });
  return problems;
}

export const viewsPublish: SlackMethod = (params, ctx) => {
  const userId = str(params, 'user_id');
  const view = params.view;
  if (!userId || !isObject(view)) return fail('invalid_arguments');
  if (JSON.stringify(view).length > MAX_VIEW_BYTES) return fail('view_too_large');
  const problems = homeProblems(view);
  if (problems.length > 0)
    return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } };
  const current = ctx.ws.homeViews.get(userId);
  const hash = str(params, 'hash');
  if (hash !== undefined && hash !== current?.hash) return fail('hash_conflict');
  const stored = {
    id: current?.id ?? ctx.ws.nextId('V'),
    team_id: TEAM_ID,
    app_id: APP_ID,
    bot_id: BOT_ID,
    ...view,
    hash: ctx.ws.nextTs(),
  };
  ctx.ws.homeViews.set(userId, stored);
  return { ok: true, view: stored };
};
