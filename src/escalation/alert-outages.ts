import { isDeliveryRefused } from '../core/delivery-refused.js';
import { expandPeople } from '../core/expand-people.js';
import { type Health, loopAliveAt, stalledFor } from '../core/health.js';
import type { Chat, Clock, Log, Store } from '../core/ports.js';
import { type Decision, decide } from './domain/decision.js';
import type { DecisionRule } from './domain/decision-rule.js';

/** An outage of the loop itself, as the admins are told of it. */
export interface OutageAlert {
  readonly kind: 'loop-stalled' | 'github-unreachable';
  /** Check cycles it has lasted. */
  readonly cycles: number;
  /** When it began (epoch ms): one outage, one DM. */
  readonly since: number;
  readonly decision: Decision;
}

export interface OutageDeps {
  readonly store: Store;
  readonly chat: Chat;
  readonly clock: Clock;
  readonly log: Log;
  readonly health: Health;
  /** User or user-group IDs DMed about outages. */
  readonly admins: readonly string[];
  readonly rules: readonly DecisionRule[];
  /** The DM's words. */
  readonly text: (alert: OutageAlert) => string;
}

/** How long "this outage was told" is remembered: longer than any outage worth a DM. */
const TOLD_MS = 7 * 24 * 60 * 60_000;

/** The outages under way, with how many cycles each has lasted. */
function outages(health: Health, now: number): Array<Omit<OutageAlert, 'decision'>> {
  const interval = health.cycle.intervalMs;
  if (interval === undefined || health.cycle.dormant) return [];
  const found: Array<Omit<OutageAlert, 'decision'>> = [];
  const stalled = stalledFor(health, now);
  if (stalled !== undefined) {
    const since = loopAliveAt(health);
    found.push({ kind: 'loop-stalled', cycles: Math.floor(stalled / interval), since });
  }
  const github = health.dependencies.github;
  if (github?.checked && !github.ok) {
    // The failing call was one cycle; each interval since is another.
    found.push({
      kind: 'github-unreachable',
      cycles: 1 + Math.floor((now - github.since) / interval),
      since: github.since,
    });
  }
  return found;
}

/**
 * Tells the admins by DM when the check loop stalled or GitHub stayed unreachable for long
 * enough (3 cycles by default; the decision rules may say otherwise), once per outage and admin:
 * a marker in the store, named by the outage's start and the admin, is taken before each DM. A DM
 * that failed for a while lets its marker go (the next look tries that admin again); one Slack
 * refused for good (a deactivated admin) keeps it. Either way the other admins' DMs stand, so
 * nobody is told twice. Answers how many DMs were sent.
 */
export async function alertOutages(deps: OutageDeps): Promise<number> {
  const now = deps.clock.now();
  let sent = 0;
  for (const outage of outages(deps.health, now)) {
    const decision = decide({ kind: outage.kind, cycles: outage.cycles }, deps.rules);
    if (decision.action === 'ignore' || decision.action === 'queue') continue;
    const text = deps.text({ ...outage, decision });
    let admins: string[];
    try {
      admins = await expandPeople(deps.chat, deps.admins);
    } catch (error) {
      deps.log.warn({ err: error, outage: outage.kind }, 'Admins could not be told of an outage; retried');
      continue;
    }
    for (const admin of admins)
      if (await tellOne(deps, `outage-told:${outage.kind}:${outage.since}:${admin}`, admin, text)) sent += 1;
  }
  return sent;
}

/** One admin's DM about one outage, at most once: true when it was sent now. */
async function tellOne(deps: OutageDeps, marker: string, admin: string, text: string): Promise<boolean> {
  if (!(await deps.store.setIfAbsent(marker, 'told', TOLD_MS))) return false;
  try {
    await deps.chat.dm(admin, { text });
    return true;
  } catch (error) {
    if (isDeliveryRefused(error)) {
      deps.log.warn({ admin, code: error.code }, 'Slack refused an outage DM for good; not retried');
      return false;
    }
    await deps.store.releaseMarker(marker, 'told').catch(() => false);
    deps.log.warn({ err: error, admin }, 'An admin could not be told of an outage; retried');
    return false;
  }
}
