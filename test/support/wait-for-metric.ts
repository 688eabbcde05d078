import type { Bot } from './start-bot.js';

/**
 * Waits until the bot's /metrics text satisfies `want` (a predicate, a regular expression, or an
 * exact line) and returns that text: the bot's own word that some work was recorded, instead of a
 * guess at how long it takes. `timeoutMs` is a hang guard.
 */
export async function waitForMetric(
  bot: Pick<Bot, 'url'>,
  want: RegExp | string | ((text: string) => boolean),
  timeoutMs = 15_000,
): Promise<string> {
  const matches =
    typeof want === 'function'
      ? want
      : typeof want === 'string'
        ? (text: string) => text.split('\n').includes(want)
        : (text: string) => want.test(text);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await fetch(`${bot.url}/metrics`).then((r) => r.text());
    if (matches(text)) return text;
    if (Date.now() > deadline)
      throw new Error(`/metrics showed no ${String(want)} within ${timeoutMs} ms; it last read:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until the bot counted a completed cycle (`overseer_cycles_total` ≥ 1, any outcome): its
 * start-up check is over, so no GitHub request of its own comes after this.
 */
export function waitForFirstCycle(bot: Pick<Bot, 'url'>, timeoutMs = 15_000): Promise<string> {
  return waitForMetric(bot, (text) => /^overseer_cycles_total\{[^}]*\} [1-9]/m.test(text), timeoutMs);
}
