// The Block Kit limits Slack holds a message to
// (https://docs.slack.dev/reference/block-kit/blocks, formerly
// https://api.slack.com/reference/block-kit/blocks): at most 50 blocks in a message; a section's
// text at most 3,000 characters; a header's plain_text at most 150. chat.postMessage and
// chat.update answer `invalid_blocks` when one is broken
// (https://docs.slack.dev/reference/methods/chat.postMessage#errors).

const MAX_MESSAGE_BLOCKS = 50;
const MAX_SECTION_TEXT = 3000;
const MAX_HEADER_TEXT = 150;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const textLength = (value: unknown): number =>
  isObject(value) && typeof value.text === 'string' ? value.text.length : 0;

/** What breaks Slack's limits in a message's blocks, said as Slack says it; empty when none does. */
export function messageBlockProblems(blocks: readonly unknown[]): string[] {
  const problems: string[] = [];
  if (blocks.length > MAX_MESSAGE_BLOCKS) {
    problems.push(`[ERROR] no more than ${MAX_MESSAGE_BLOCKS} items allowed [json-pointer:/blocks]`);
  }
  blocks.forEach((block, index) => {
    if (!isObject(block)) return;
    const at = `/blocks/${index}/text`;
    if (block.type === 'section' && textLength(block.text) > MAX_SECTION_TEXT) {
      problems.push(`[ERROR] must be less than ${MAX_SECTION_TEXT + 1} characters [json-pointer:${at}/text]`);
    }
    if (block.type === 'header' && textLength(block.text) > MAX_HEADER_TEXT) {
      problems.push(`[ERROR] must be less than ${MAX_HEADER_TEXT + 1} characters [json-pointer:${at}/text]`);
    }
  });
  return problems;
}
