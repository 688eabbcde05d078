import type { Bot } from './start-bot.js';

/**
 * Waits until the bot's /metrics has a line matching `line` (a regular expression, or an exact
 * line): the bot's own word that some work was recorded, instead of a guess at how long it takes.
 */
export async function waitForMetric(bot: Pick<Bot, 'url'>, line: RegExp | string, timeoutMs = 15_000) {
  const matches = (text: string) =>
    typeof line === 'string' ? text.split('\n').includes(line) : line.test(text);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await fetch(`${bot.url}/metrics`).then((r) => r.text());
    if (matches(text)) return;
    if (Date.now() > deadline) throw new Error(`/metrics showed no ${String(line)} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
