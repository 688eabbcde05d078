import { formatSpan } from '../../core/domain/format-span.js';
import { type EscalationState, schedule } from './escalation.js';
import type { FrozenStep, StepAction, StepTarget } from './escalation-policy.js';

/** How to show a Slack user: from the caller's names, or a mention Slack renders as the name. */
export type UserNames = Readonly<Record<string, string>>;

function targetText(target: StepTarget, names: UserNames): string {
  if (typeof target !== 'string') return target.map((id) => names[id] ?? `<@${id}>`).join(', ');
  const words = { channel: 'the channel', here: '@here', oncall: 'on-call', author: 'the suspected authors' };
  return words[target];
}

function actionText(action: StepAction, names: UserNames): string {
  switch (action.via) {
    case 'post':
      return 'post to the channel';
    case 'mention':
      return `mention ${targetText(action.to, names)}`;
    case 'dm':
      return `DM to ${targetText(action.to, names)}`;
  }
}

const stepText = (step: FrozenStep, names: UserNames) =>
  step.actions.map((action) => actionText(action, names)).join(' and ');

/**
 * One line for the incident message and `/overseer incidents`: who is on it, or what happens next
 * and when. "Not acknowledged · next: DM to on-call in 12 min"; "Acknowledged by <@U1> 3 min after
 * opening". A step due but not delivered yet reads "now". `names` maps Slack user IDs to how the
 * caller wants them shown (a name, where a mention would ping); anyone else is `<@ID>`.
 */
export function describeEscalation(state: EscalationState, now: number, names: UserNames = {}): string {
  const since = (at: number) => `${formatSpan(at - state.openedAt)} after opening`;
  const resolved = state.resolvedAt === undefined ? '' : ` · resolved ${since(state.resolvedAt)}`;
  const { acknowledged } = state;
  if (acknowledged !== undefined) {
    return `Acknowledged by ${names[acknowledged.by] ?? `<@${acknowledged.by}>`} ${since(acknowledged.at)}${resolved}`;
  }
  if (resolved !== '') return `Not acknowledged${resolved}`;
  for (const scheduled of schedule(state)) {
    if (state.fired.includes(scheduled.key)) continue;
    const when = scheduled.at <= now ? 'now' : `in ${formatSpan(scheduled.at - now)}`;
    return `Not acknowledged · next: ${stepText(scheduled.step, names)} ${when}`;
  }
  if (!pagesAnyone(state)) return NONE_SET_UP;
  return 'Not acknowledged · no escalation steps left';
}

/**
 * What an incident says when its policy never pages anyone (no `escalation:` in overseer.yml: the
 * default is only the channel post), rather than "no steps left", which would suggest some ran.
 */
export const NONE_SET_UP =
  'Not acknowledged · no escalation set up: nobody is paged. Add steps under `escalation:` in overseer.yml to page people';

/** Whether any step of the policy mentions or DMs someone (the channel post pages nobody). */
function pagesAnyone(state: EscalationState): boolean {
  return state.policy.steps.some((step) => step.actions.some((action) => action.via !== 'post'));
}
