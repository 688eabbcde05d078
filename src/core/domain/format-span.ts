const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * `under a minute`, `12 min`, `2h 10m`, `1d 3h`: a span as people say it, rounded down to the
 * minute, for reasons and status lines ("still red for 2h 10m", "next: DM in 12 min"). Never `<1m`:
 * the text may end up in mrkdwn, where a bare `<` starts a control sequence.
 */
export function formatSpan(ms: number, minuteUnit: ' min' | 'm' = ' min'): string {
  if (!Number.isFinite(ms) || ms < MINUTE_MS) return 'under a minute';
  const days = Math.floor(ms / DAY_MS);
  const hours = Math.floor((ms % DAY_MS) / HOUR_MS);
  const minutes = Math.floor((ms % HOUR_MS) / MINUTE_MS);
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  return `${minutes}${minuteUnit}`;
}
