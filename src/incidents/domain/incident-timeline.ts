import type { FixTask, FixTaskState } from '../../fix-tasks/domain/fix-task.js';
import type { Incident } from './incident.js';

/** One thing that happened to an incident, for its timeline. Times are epoch ms. */
export type TimelineEntry =
  | { readonly at: number; readonly kind: 'opened' }
  | { readonly at: number; readonly kind: 'acknowledged'; readonly by: string }
  | {
      readonly at: number;
      readonly kind: 'task';
      readonly taskId: string;
      readonly to: FixTaskState;
      /** A Slack user ID, or `overseer` for what Overseer did by itself. */
      readonly actor: string;
    }
  | { readonly at: number; readonly kind: 'resolved'; readonly status: 'recovered' | 'flaky' }
  | { readonly at: number; readonly kind: 'reply'; readonly user: string; readonly text: string };

/** Most entries a timeline shows: the latest ones. */
export const TIMELINE_MAX = 15;

/**
 * The incident's timeline, oldest first, the latest `max` entries. Overseer's own events are not
 * stored twice: they are read from what the incident and its fix task already keep (opening,
 * acknowledgement, resolution, the task's audit log of transitions); people's thread replies come
 * from `incident.replies`. So it is bounded by those: the task's audit log and MAX_REPLIES.
 */
export function incidentTimeline(incident: Incident, task?: FixTask, max = TIMELINE_MAX): TimelineEntry[] {
  const entries: TimelineEntry[] = [{ at: incident.escalation?.openedAt ?? incident.since, kind: 'opened' }];
  if (incident.acknowledgedBy !== undefined && incident.acknowledgedAt !== undefined) {
    entries.push({ at: incident.acknowledgedAt, kind: 'acknowledged', by: incident.acknowledgedBy });
  }
  for (const entry of task?.audit ?? []) {
    if (entry.outcome !== 'done' || task === undefined) continue;
    entries.push({ at: entry.at, kind: 'task', taskId: task.id, to: entry.to, actor: entry.actor });
  }
  for (const reply of incident.replies?.recent ?? []) {
    entries.push({
      at: Math.round(Number(reply.ts) * 1000),
      kind: 'reply',
      user: reply.user,
      text: reply.text,
    });
  }
  if (incident.status !== 'open' && incident.resolvedAt !== undefined) {
    entries.push({ at: incident.resolvedAt, kind: 'resolved', status: incident.status });
  }
  // Stable: entries at the same moment keep the order above (opened before anything else).
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at - b.entry.at || a.index - b.index)
    .map(({ entry }) => entry)
    .slice(-max);
}
