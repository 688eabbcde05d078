import { parseDuration } from '../../../settings/durations.js';
import { inlineText } from '../mrkdwn.js';

export const DEFAULT_PAUSE_MS = 4 * 3_600_000;
/** Longer than a month is not a pause but turning fix tasks off: that is what flags are for. */
export const MAX_PAUSE_MS = 30 * 86_400_000;
const MAX_REASON_CHARS = 300;

const NOTHING_CHANGED = 'Nothing changed.';

export type PauseArgs =
  | { readonly ok: true; readonly durationMs: number; readonly reason: string }
  | { readonly ok: false; readonly error: string };

/**
 * `/overseer pause [duration] [reason]`. A first word that starts with a digit is the duration and
 * must be one (`30m`, `2h`, `1d`); otherwise every word is the reason and the pause lasts 4h.
 */
export function parsePauseArgs(args: readonly string[]): PauseArgs {
  const [first, ...rest] = args;
  const hasDuration = first !== undefined && /^\d/.test(first);
  const reason = (hasDuration ? rest : args).join(' ').slice(0, MAX_REASON_CHARS);
  if (!hasDuration) return { ok: true, durationMs: DEFAULT_PAUSE_MS, reason };
  const durationMs = parseDuration(first);
  const typed = inlineText(first, 20);
  if (durationMs === undefined)
    return {
      ok: false,
      error: `\`${typed}\` is not a duration: write a number and a unit, such as 30m, 2h or 1d (s, m, h, d). ${NOTHING_CHANGED}`,
    };
  if (durationMs === 0)
    return {
      ok: false,
      error: `A pause needs a duration above zero, such as 30m, 2h or 1d. ${NOTHING_CHANGED}`,
    };
  if (durationMs > MAX_PAUSE_MS)
    return {
      ok: false,
      error: `A pause lasts at most 30d, and \`${typed}\` is longer. To stop fix tasks for good, turn selfHeal.originate off. ${NOTHING_CHANGED}`,
    };
  return { ok: true, durationMs, reason };
}
