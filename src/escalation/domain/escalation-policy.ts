import { matchesGlob } from '../../core/domain/glob.js';

/**
 * Whom a step reaches: the incident's channel, `@here` in it, whoever is on call, the suspected
 * commits' authors, or Slack users by ID.
 */
export type StepTarget = 'channel' | 'here' | 'oncall' | 'author' | readonly string[];
/** A direct message goes to people: `channel` and `here` make no sense for it. */
export type PersonTarget = 'oncall' | 'author' | readonly string[];

/** One step as overseer.yml's `escalation` list writes it, its `after` in ms from the opening. */
export interface EscalationStepSpec {
  readonly afterMs: number;
  /** The incident message itself; in a later round, a reminder in the channel. */
  readonly notify?: 'channel';
  /** An @-mention in the incident thread. */
  readonly mention?: StepTarget;
  readonly dm?: PersonTarget;
}

/** The steps, and how many more times the whole list runs after the first round. */
export interface EscalationPolicy {
  readonly steps: readonly EscalationStepSpec[];
  readonly repeat: number;
}

/** A repo's own policy: what it names replaces the global policy's; what it leaves out is kept. */
export interface RepoPolicy {
  /** A pattern, as in decision rules: `acme/widgets`, `acme/*` (without regard to case). */
  readonly repo: string;
  readonly steps?: readonly EscalationStepSpec[];
  readonly repeat?: number;
}

export type StepAction =
  | { readonly via: 'post'; readonly to: 'channel' }
  | { readonly via: 'mention'; readonly to: StepTarget }
  | { readonly via: 'dm'; readonly to: PersonTarget };

export interface FrozenStep {
  readonly afterMs: number;
  /** In the order post, mention, DM: the thread shows the message before anyone is pinged. */
  readonly actions: readonly StepAction[];
}

/**
 * The policy as it stood when an incident opened, kept in the incident: a change to overseer.yml
 * (or to the repeat rule in this file) never reshuffles the steps of an incident already open.
 */
export interface FrozenPolicy {
  /** Ordered by `afterMs`. */
  readonly steps: readonly FrozenStep[];
  /** Rounds after the first; 0 when `roundMs` is 0, since such rounds would all fire at once. */
  readonly repeat: number;
  /** Round k starts `k × roundMs` after the opening. */
  readonly roundMs: number;
}

/** The policy that applies to `repo`: the first matching entry of `repos` over the global one. */
export function policyFor(
  repo: string,
  global: EscalationPolicy,
  repos: readonly RepoPolicy[],
): EscalationPolicy {
  const own = repos.find((entry) => matchesGlob(entry.repo, repo, { ignoreCase: true }));
  if (own === undefined) return global;
  return { steps: own.steps ?? global.steps, repeat: own.repeat ?? global.repeat };
}

/** User IDs copied too: the frozen policy shares nothing with the settings it came from. */
function copyTarget(target: PersonTarget): PersonTarget;
function copyTarget(target: StepTarget): StepTarget;
function copyTarget(target: StepTarget): StepTarget {
  return typeof target === 'string' ? target : [...target];
}

function actionsOf(step: EscalationStepSpec): StepAction[] {
  const actions: StepAction[] = [];
  if (step.notify !== undefined) actions.push({ via: 'post', to: step.notify });
  if (step.mention !== undefined) actions.push({ via: 'mention', to: copyTarget(step.mention) });
  if (step.dm !== undefined) actions.push({ via: 'dm', to: copyTarget(step.dm) });
  return actions;
}

/**
 * The repeat rule: round k (0 for the first run of the list, up to `repeat`) starts
 * `k × roundMs` after the opening, and each step keeps its own `after` within the round.
 * `roundMs` is the last step's `after` plus the gap between the last two steps (no gap with a
 * single step). So the next round's first step follows the last step by that same gap when the
 * first step is at 0m: 0, 15, 30, 60 with repeat 1 runs again at 90, 105, 120, 150; a single step
 * at 20m with repeat 2 fires at 20, 40, 60.
 */
function roundLength(steps: readonly FrozenStep[]): number {
  const last = steps.at(-1)?.afterMs ?? 0;
  const beforeLast = steps.at(-2)?.afterMs ?? last;
  return last + (last - beforeLast);
}

/** A copy of `policy` to keep in an incident, its steps in time order and its rounds laid out. */
export function freezePolicy(policy: EscalationPolicy): FrozenPolicy {
  const steps = policy.steps
    .map((step) => ({ afterMs: step.afterMs, actions: actionsOf(step) }))
    .sort((a, b) => a.afterMs - b.afterMs);
  const roundMs = roundLength(steps);
  return { steps, repeat: roundMs > 0 ? Math.max(0, Math.floor(policy.repeat)) : 0, roundMs };
}
