const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

const DURATION = /^(\d+)([smhd])$/;

/**
 * `30s`, `15m`, `2h`, `1d` (and `0m`) to milliseconds; `undefined` for anything else.
 * Shared by the config file and by commands such as `/overseer pause 2h`.
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  const unitMs = UNIT_MS[match?.[2] ?? ''];
  if (!match || unitMs === undefined) return undefined;
  const ms = Number(match[1]) * unitMs;
  return Number.isSafeInteger(ms) ? ms : undefined;
}
