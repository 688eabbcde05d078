const DAY_MS = 24 * 60 * 60_000;

const PERIOD_MS = { daily: DAY_MS, weekly: 7 * DAY_MS } as const;

/**
 * Who is on call, as configured:
 * - `users`: a fixed list, every one of them on call at all times;
 * - `rotation`: one of `users` at a time, in order, handing over every day or week at `start` +
 *   k periods (epoch ms). The boundaries are instants in UTC epoch ms, so a daylight-saving change
 *   or the server's time zone never moves them. `start` anchors the cycle and it runs both ways:
 *   before `start`, the turns continue backwards (the last person is on call just before it);
 * - `usergroup`: whoever is in a Slack user group; Slack keeps the membership, so the domain only
 *   names the group and the adapter looks it up when it pages.
 */
export type OnCall =
  | { readonly kind: 'users'; readonly users: readonly string[] }
  | {
      readonly kind: 'rotation';
      readonly users: readonly string[];
      readonly rotation: keyof typeof PERIOD_MS;
      readonly start: number;
    }
  | { readonly kind: 'usergroup'; readonly id: string };

/** People by Slack user ID (none: nobody is on call), or "look up group S…". */
export type OnCallWho =
  | { readonly kind: 'users'; readonly ids: readonly string[] }
  | { readonly kind: 'usergroup'; readonly id: string };

/** Who is on call now, and for a rotation that changes hands, who is next and when (epoch ms). */
export interface OnCallNow {
  readonly now: OnCallWho;
  readonly next?: { readonly who: OnCallWho; readonly at: number };
}

const person = (id: string | undefined): OnCallWho => ({ kind: 'users', ids: id === undefined ? [] : [id] });

/** The answer to `/overseer oncall` at `now` (epoch ms), and whom an `oncall` target reaches. */
export function onCallAt(oncall: OnCall, now: number): OnCallNow {
  if (oncall.kind === 'usergroup') return { now: { kind: 'usergroup', id: oncall.id } };
  if (oncall.kind === 'users') return { now: { kind: 'users', ids: oncall.users } };
  const { users, start } = oncall;
  if (users.length < 2) return { now: person(users[0]) };
  const period = PERIOD_MS[oncall.rotation];
  const turn = Math.floor((now - start) / period);
  const at = (k: number) => users[((k % users.length) + users.length) % users.length];
  return { now: person(at(turn)), next: { who: person(at(turn + 1)), at: start + (turn + 1) * period } };
}
