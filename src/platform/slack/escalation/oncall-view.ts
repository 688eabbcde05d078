import type { OnCallNow, OnCallWho } from '../../../escalation/domain/oncall.js';
import { mention, slackDate } from '../mrkdwn.js';

function who(on: OnCallWho): string {
  if (on.kind === 'usergroup') return `whoever is in ${mention(on.id)}`;
  return on.ids.length === 0 ? 'nobody' : on.ids.map(mention).join(', ');
}

/** The answer to `/overseer oncall`: who is on call now, who is next, and when it changes hands. */
export function renderOnCall(oncall: OnCallNow): string {
  if (oncall.now.kind === 'users' && oncall.now.ids.length === 0) {
    return 'Nobody is on call: set `oncall` in overseer.yml (users, a rotation, or a user group).';
  }
  const now = `On call now: ${who(oncall.now)}.`;
  if (oncall.next === undefined) return `${now} No rotation: this does not change.`;
  const at = slackDate(
    oncall.next.at,
    new Date(oncall.next.at).toISOString().replace(/:\d\d\.\d+Z$/, ' UTC'),
  );
  return `${now}\nNext: ${who(oncall.next.who)} from ${at}.`;
}
