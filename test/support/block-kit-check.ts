// A checker of what Overseer sends Slack: every mrkdwn text inert (only Overseer's own links,
// mentions and dates as control sequences), every plain text free of control characters, and no
// field over Slack's documented limits. It walks any JSON: a chat.postMessage's params, a
// response_url body, a views.publish view.

/**
 * Slack's Block Kit limits (https://api.slack.com/reference/block-kit/blocks and the pages of
 * each block and element it links): a message holds at most 50 blocks, a Home tab or modal 100
 * (https://api.slack.com/reference/surfaces/views); a section's text 3,000 characters and each of
 * its at most 10 fields 2,000; a header's text 150; a context block at most 10 elements; a
 * button's text 75, its value 2,000, an action_id or block_id 255; a message's top-level `text`
 * is cut at 40,000 (https://api.slack.com/methods/chat.postMessage#truncating).
 */
export const BLOCK_KIT_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3_000,
  sectionFields: 10,
  fieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2_000,
  actionId: 255,
  blockId: 255,
  messageText: 40_000,
} as const;

export interface InertOptions {
  /** Slack user, user-group and channel IDs Overseer may name (configured ones), no others. */
  readonly mentionable?: readonly string[];
  /** URL prefixes Overseer may link to (GitHub, its own Slack). */
  readonly linkPrefixes?: readonly string[];
}

/**
 * Characters that are never inert: C0 controls other than tab and newline, DEL, C1 controls, and
 * the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that can make
 * Overseer's own text read backwards (https://www.unicode.org/reports/tr9/#Explicit_Directional_Embeddings),
 * and half surrogate pairs (not characters: not UTF-8).
 */
const UNSAFE_CHARACTER =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The problems of one mrkdwn string: control sequences Overseer did not mean, bare `&`. */
export function mrkdwnProblems(text: string, options: InertOptions = {}): string[] {
  const problems: string[] = [];
  const mentionable = new Set(options.mentionable ?? []);
  const prefixes = options.linkPrefixes ?? ['https://', 'http://127.0.0.1'];
  const unsafe = UNSAFE_CHARACTER.exec(text);
  if (unsafe) problems.push(`an unsafe control character in ${quote(text, unsafe.index)}`);
  // `Approve & Start` is safe; an `&` that could start an entity Slack decodes is not.
  const bareAmp = /&(?!amp;|lt;|gt;)(?=[#\w])/.exec(text);
  if (bareAmp) problems.push(`a bare & in ${quote(text, bareAmp.index)}`);
  // A `>` outside a control sequence is a quote only at a line's start, but Slack reads it as
  // markup in some clients: Overseer escapes every `>` it does not mean.
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '<') {
      const end = text.indexOf('>', index);
      if (end < 0) {
        problems.push(`an unclosed < in ${quote(text, index)}`);
        break;
      }
      const inner = text.slice(index + 1, end);
      const problem = controlProblem(inner, mentionable, prefixes);
      if (problem) problems.push(`${problem}: <${inner.slice(0, 80)}>`);
      index = end;
      continue;
    }
    if (char === '>' && !(index === 0 || text[index - 1] === '\n'))
      problems.push(`a bare > in ${quote(text, index)}`);
  }
  return problems;
}

/** What is wrong with the control sequence `<inner>`, or undefined when Overseer may send it. */
function controlProblem(inner: string, mentionable: Set<string>, prefixes: readonly string[]) {
  if (inner.includes('<')) return 'a < inside a control sequence';
  const mentionMatch = /^@([UW][A-Z0-9]+)(\|[^|]*)?$/.exec(inner);
  if (mentionMatch)
    return mentionable.has(mentionMatch[1] ?? '') ? undefined : 'a mention of someone not configured';
  const group = /^!subteam\^(S[A-Z0-9]+)(\|[^|]*)?$/.exec(inner);
  if (group) return mentionable.has(group[1] ?? '') ? undefined : 'a group mention not configured';
  if (/^!date\^\d+\^[^|]*\|[^|]*$/.test(inner)) return undefined;
  // A channel link pings nobody; GitHub's `<#C…>` is escaped before it could become one.
  const channel = /^#(C[A-Z0-9]+)(\|[^|]*)?$/.exec(inner);
  if (channel) return mentionable.has(channel[1] ?? '') ? undefined : 'a link to a channel not configured';
  if (inner.startsWith('!') || inner.startsWith('#') || inner.startsWith('@'))
    return 'a special mention or channel link';
  // Slack splits a link at its first `|`: the rest, `|` included, is the label.
  const bar = inner.indexOf('|');
  const url = bar < 0 ? inner : inner.slice(0, bar);
  if (!prefixes.some((prefix) => url.startsWith(prefix))) return 'a link Overseer did not mean';
  if (/\s/.test(url)) return 'a link with a space in its URL';
  return undefined;
}

function quote(text: string, at = 0): string {
  return JSON.stringify(text.slice(Math.max(0, at - 30), at + 50));
}

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function textOf(node: unknown): { type: string; text: string } | undefined {
  if (!isNode(node) || typeof node.text !== 'string') return undefined;
  return { type: String(node.type ?? 'mrkdwn'), text: node.text };
}

/**
 * Every problem of one payload: `surface` says whether its blocks are a message's (at most 50) or
 * a view's (at most 100). Checks the top-level `text` as mrkdwn (Slack formats it so by default).
 */
export function blockKitProblems(
  payload: unknown,
  surface: 'message' | 'view',
  options: InertOptions = {},
): string[] {
  const problems: string[] = [];
  if (!isNode(payload)) return ['not an object'];
  const say = (where: string, problem: string) => problems.push(`${where}: ${problem}`);
  const checkText = (where: string, node: unknown, max?: number) => {
    const text = textOf(node);
    if (text === undefined) return;
    if (max !== undefined && text.text.length > max) say(where, `${text.text.length} characters over ${max}`);
    if (text.type === 'mrkdwn') for (const p of mrkdwnProblems(text.text, options)) say(where, p);
    else {
      const unsafe = UNSAFE_CHARACTER.exec(text.text);
      if (unsafe) say(where, `an unsafe control character in ${quote(text.text, unsafe.index)}`);
    }
  };
  if (typeof payload.text === 'string') {
    if (payload.text.length > BLOCK_KIT_LIMITS.messageText) say('text', 'over 40,000 characters');
    for (const p of mrkdwnProblems(payload.text, options)) say('text', p);
  }
  const blocks = Array.isArray(payload.blocks) ? payload.blocks : [];
  const maxBlocks = surface === 'message' ? BLOCK_KIT_LIMITS.messageBlocks : BLOCK_KIT_LIMITS.viewBlocks;
  if (blocks.length > maxBlocks) say('blocks', `${blocks.length} blocks over ${maxBlocks}`);
  for (const [index, block] of blocks.entries()) {
    const where = `blocks[${index}]`;
    if (!isNode(block)) {
      say(where, 'not an object');
      continue;
    }
    if (typeof block.block_id === 'string' && block.block_id.length > BLOCK_KIT_LIMITS.blockId)
      say(where, 'block_id over 255');
    switch (block.type) {
      case 'section': {
        checkText(`${where}.text`, block.text, BLOCK_KIT_LIMITS.sectionText);
        const fields = Array.isArray(block.fields) ? block.fields : [];
        if (fields.length > BLOCK_KIT_LIMITS.sectionFields) say(where, 'over 10 fields');
        for (const [i, field] of fields.entries())
          checkText(`${where}.fields[${i}]`, field, BLOCK_KIT_LIMITS.fieldText);
        if (block.accessory !== undefined) checkElement(`${where}.accessory`, block.accessory);
        break;
      }
      case 'header':
        checkText(`${where}.text`, block.text, BLOCK_KIT_LIMITS.headerText);
        break;
      case 'context': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length > BLOCK_KIT_LIMITS.contextElements)
          say(where, `${elements.length} elements over 10`);
        for (const [i, element] of elements.entries()) checkText(`${where}.elements[${i}]`, element);
        break;
      }
      case 'actions': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length > 25) say(where, 'over 25 elements');
        for (const [i, element] of elements.entries()) checkElement(`${where}.elements[${i}]`, element);
        break;
      }
      default:
        // Other blocks (divider, input, rich_text) hold texts too: check them as they are typed.
        walkTexts(block, (node, path) => checkText(`${where}${path}`, node));
    }
  }
  function checkElement(where: string, element: unknown): void {
    if (!isNode(element)) {
      say(where, 'not an object');
      return;
    }
    if (typeof element.action_id === 'string' && element.action_id.length > BLOCK_KIT_LIMITS.actionId)
      say(where, 'action_id over 255');
    if (element.type === 'button') {
      checkText(`${where}.text`, element.text, BLOCK_KIT_LIMITS.buttonText);
      if (typeof element.value === 'string' && element.value.length > BLOCK_KIT_LIMITS.buttonValue)
        say(where, 'value over 2,000');
      if (typeof element.url === 'string' && element.url.length > 3_000) say(where, 'url over 3,000');
      return;
    }
    walkTexts(element, (node, path) => checkText(`${where}${path}`, node));
  }
  return problems;
}

/** Calls `visit` on every object with a string `text` under `node`. */
function walkTexts(node: unknown, visit: (node: Node, path: string) => void, path = ''): void {
  if (Array.isArray(node)) {
    for (const [i, child] of node.entries()) walkTexts(child, visit, `${path}[${i}]`);
    return;
  }
  if (!isNode(node)) return;
  if (typeof node.text === 'string') visit(node, path);
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'text' && typeof value === 'object') walkTexts(value, visit, `${path}.${key}`);
  }
}
