import type { OutboxWork } from '../ci/index.js';
import { type DigestEntry, digestDay } from '../incidents/domain/digest.js';
import type { Incident } from '../incidents/domain/incident.js';
import type { ThreadNote } from '../incidents/domain/thread-note.js';
import { bargeInWork } from './barge-in-work.js';
import { decide } from './domain/decision.js';
import { recordDecision } from './domain/decision-record.js';
import type { DecisionRule, EventKind } from './domain/decision-rule.js';

type FixAlert = Extract<ThreadNote, { type: 'fix-alert' }>;

/**
 * The Slack work of a fix task's alert in its incident's thread, as decided. A fix that failed or
 * made CI worse barges in by default: the approvers' note, and on-call and `@here` paged at once
 * (while the incident is open and unacknowledged). `notify` is the note alone, `execute_silent`
 * the note without mentions, `queue` a digest line, `ignore` nothing. Other alerts (workflows
 * awaiting approval, a step Overseer holds back) are the note, undecided.
 */
export function fixAlertWork(
  incident: Incident,
  note: FixAlert,
  rules: readonly DecisionRule[],
  now: number,
): { readonly incident: Incident; readonly work: readonly OutboxWork[] } {
  const noted: OutboxWork = { kind: 'note', note };
  if (note.alert === 'action-required' || note.alert === 'held') return { incident, work: [noted] };
  const kind: EventKind = note.alert === 'failed' ? 'fix-failed' : 'fix-regressed';
  const decision = decide({ kind, watch: incident.watch }, rules);
  const decided = { ...incident, decisions: recordDecision(incident.decisions, kind, decision, now) };
  switch (decision.action) {
    case 'barge_in': {
      const barged = bargeInWork(decided, `${kind}:${note.taskId}`, now);
      return { incident: barged.incident, work: [noted, ...barged.work] };
    }
    case 'notify':
      return { incident: decided, work: [noted] };
    case 'execute_silent':
      return { incident: decided, work: [{ kind: 'note', note: { ...note, mention: [] } }] };
    case 'queue': {
      const entry: DigestEntry = {
        event: kind,
        watch: incident.watch,
        incidentId: incident.id,
        at: now,
        ...(note.url === undefined ? {} : { runUrl: note.url }),
      };
      return { incident: decided, work: [{ kind: 'digest', day: digestDay(now), entry }] };
    }
    case 'ignore':
      return { incident: decided, work: [] };
  }
}
