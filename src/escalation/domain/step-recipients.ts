import type { StepTarget } from './escalation-policy.js';
import type { OnCallWho } from './oncall.js';

/** What an adapter delivers to: the channel, `@here`, people by ID, or "look up group S…". */
export type Recipient = { readonly kind: 'channel' } | { readonly kind: 'here' } | OnCallWho;

export interface RecipientContext {
  /** Who is on call when the step fires (`onCallAt(oncall, now).now`). */
  readonly oncall: OnCallWho;
  /** Slack user IDs of the suspected commits' authors that are known; GitHub logins never ping. */
  readonly authors: readonly string[];
}

/**
 * Whom a step's target reaches when it fires. Targets stay words in the frozen policy and are
 * resolved only now, so a rotation that changed hands since the opening pages whoever is on call
 * at the step's time. Nobody (an empty list) is a value: the caller says so in the thread.
 */
export function recipientsOf(target: StepTarget, context: RecipientContext): Recipient {
  if (typeof target !== 'string') return { kind: 'users', ids: [...new Set(target)] };
  switch (target) {
    case 'channel':
    case 'here':
      return { kind: target };
    case 'oncall':
      return context.oncall;
    case 'author':
      return { kind: 'users', ids: [...new Set(context.authors)] };
  }
}
