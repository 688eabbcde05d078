import type { EpisodeEvent } from '../ci/domain/episode.js';
import type {
  CheckFacts,
  CheckStage,
  Decide,
  FactKey,
  StageFactKey,
  WatchDoc,
  WatchTarget,
} from '../ci/index.js';
import { enqueue, factId, keepStageFact, stageFact, withSlot } from '../ci/index.js';
import type { Log, Store } from '../core/ports.js';
import { actionsOperational, actionsOutage, type GithubStatusReading } from './domain/github-status.js';
import { GITHUB_STATUS_KEY } from './poll-github-status.js';

export interface GithubStatusStageDeps {
  readonly store: Store;
  readonly log: Log;
}

/** The stage's name, and so the `stage` of its look-up. */
const GITHUB_STATUS_STAGE = 'github-status';

/** The look-up of the last reading of GitHub's status page. */
const STATUS_KEY: StageFactKey = { kind: 'stage', stage: GITHUB_STATUS_STAGE, key: 'reading' };

/** GitHub's status page as last read; null when there is no reading (or it could not be had). */
function statusOf(facts: Pick<CheckFacts, 'stages'>): GithubStatusReading | null | undefined {
  return stageFact<GithubStatusReading | null>(facts, STATUS_KEY);
}

/** The open incident's report of an outage Actions has not been seen recovered from, if any. */
function heldReport(doc: WatchDoc | undefined) {
  const incident = doc?.current?.incident;
  if (incident?.status !== 'open') return undefined;
  const report = incident.githubReport;
  return report !== undefined && report.operationalAgainAt === undefined ? report : undefined;
}

/**
 * Pure: the reading is needed when an incident may open (none is open now, and the step is a red
 * or the end of an automatic re-run's wait, which opens one without an event), and while the open
 * incident was opened in an outage not yet seen over.
 */
function statusNeeded(_target: WatchTarget, doc: WatchDoc, event: EpisodeEvent | undefined): FactKey[] {
  if (heldReport(doc) !== undefined) return [STATUS_KEY];
  if (
    event === undefined
      ? doc.pendingRetry === undefined
      : event.type === 'recovered' || event.type === 'flaky'
  ) {
    return [];
  }
  return doc.current?.incident.status === 'open' ? [] : [STATUS_KEY];
}

/** The stored reading; a store that cannot answer counts as no reading (pages go out as usual). */
async function readStatus(deps: GithubStatusStageDeps, facts: CheckFacts, keys: readonly FactKey[]) {
  const id = factId(STATUS_KEY);
  if (!keys.some((key) => factId(key) === id) || facts.stages.has(id)) return;
  try {
    const reading = (await deps.store.get<GithubStatusReading>(GITHUB_STATUS_KEY))?.value ?? null;
    keepStageFact(facts, STATUS_KEY, reading);
  } catch (error) {
    deps.log.warn({ err: error }, 'GitHub status reading unavailable; the red pages as usual');
    keepStageFact(facts, STATUS_KEY, null);
  }
}

/**
 * Decide, pure, after escalation's: an incident this step opens while GitHub reports Actions not
 * operational records the report (its message says so) and pages nobody: its escalation is
 * removed, so no step is scheduled, and any page the decision queued with the opening is dropped.
 * The message is still posted. Incidents opened later page as usual; this one is not paged when
 * Actions recovers (CONTRACT section 6: paging resumes for reds after Actions is operational).
 */
export const holdPagesInOutage: Decide = (_target, before, next, _event, now, facts) => {
  const slot = next?.current;
  if (next === undefined || slot === undefined) return next;
  const { incident } = slot;
  const opened = before.current?.incident.id !== incident.id;
  if (!opened || incident.status !== 'open' || incident.quiet === true) return next;
  const report = actionsOutage(statusOf(facts), now);
  if (report === undefined) return next;
  const { escalation: _held, ...rest } = incident;
  const paging = new Set(['page', 'dm', 'dms']);
  const outbox = next.outbox.filter(
    (item) => !(item.id >= before.nextOutboxId && item.incidentId === incident.id && paging.has(item.kind)),
  );
  return { ...next, outbox, current: { ...slot, incident: { ...rest, githubReport: report } } };
};

/**
 * Decide, pure, after the hold: an open incident held in an outage, on the first look that reads
 * Actions operational again (a fresh reading), records when, re-renders its message and says so
 * in its thread: nobody was paged for it, and nobody is now (CONTRACT section 6), so the people
 * watching the channel know it still waits for someone.
 */
export const sayOperationalAgain: Decide = (_target, before, next, _event, now, facts) => {
  // A look that moved nothing else (the same red) may still have this to write.
  const base = next ?? before;
  const report = heldReport(base);
  const slot = base.current;
  if (slot === undefined || report === undefined) return next;
  if (!actionsOperational(statusOf(facts), now)) return next;
  const incident = { ...slot.incident, githubReport: { ...report, operationalAgainAt: now } };
  const note = { type: 'actions-operational', status: report.status } as const;
  return enqueue(withSlot(base, incident.id, { ...slot, incident }), incident.id, [
    { kind: 'render' },
    { kind: 'note', note },
  ]);
};

/**
 * GitHub's own outages in a check: an opening red reads the last stored status-page reading
 * (pollGithubStatus keeps it), and while Actions is not operational the new incident pages nobody;
 * a look once Actions is operational again says so in that incident's thread.
 */
export function githubStatusStage(deps: GithubStatusStageDeps): CheckStage {
  return {
    name: GITHUB_STATUS_STAGE,
    factsNeeded: statusNeeded,
    readFacts: (_target, facts, keys) => readStatus(deps, facts, keys),
    decide: (target, before, next, event, now, facts) =>
      sayOperationalAgain(
        target,
        before,
        holdPagesInOutage(target, before, next, event, now, facts),
        event,
        now,
        facts,
      ),
  };
}
