import { type Decision, decide } from '../domain/decision.js';
import type { DecisionRule } from '../domain/decision-rule.js';
import { type Health, stalledFor } from './health.js';
import type { Chat, Clock, Log, Store } from './ports.js';

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
    const since = health.cycle.lastCompletedAt ?? health.startedAt;
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

async function people(chat: Chat, ids: readonly string[]): Promise<string[]> {
  const users = new Set<string>();
  for (const id of ids) {
    if (!id.startsWith('S')) users.add(id);
    else for (const member of await chat.usergroupMembers(id)) users.add(member);
  }
  return [...users];
}

/**
 * Tells the admins by DM when the check loop stalled or GitHub stayed unreachable for long
 * enough (3 cycles by default; the decision rules may say otherwise), once per outage: a marker
 * in the store, named by the outage's start, is taken before the DMs (and let go if they fail,
 * so the next look tries again). Answers how many DMs were sent.
 */
export async function alertOutages(deps: OutageDeps): Promise<number> {
  const now = deps.clock.now();
  let sent = 0;
  for (const outage of outages(deps.health, now)) {
    const decision = decide({ kind: outage.kind, cycles: outage.cycles }, deps.rules);
    if (decision.action === 'ignore' || decision.action === 'queue') continue;
    const marker = `outage-told:${outage.kind}:${outage.since}`;
    if (!(await deps.store.setIfAbsent(marker, 'told', TOLD_MS))) continue;
    const text = deps.text({ ...outage, decision });
    try {
      for (const user of await people(deps.chat, deps.admins)) {
        await deps.chat.post({ channel: user, text });
        sent += 1;
      }
    } catch (error) {
      await deps.store.releaseMarker(marker, 'told').catch(() => false);
      deps.log.warn({ err: error, outage: outage.kind }, 'Admins could not be told of an outage; retried');
    }
  }
  return sent;
}
