import type { OutboxWork } from '../ci/index.js';
import type { Incident } from '../incidents/domain/incident.js';
import { bargeIn } from './domain/barge-in.js';

/**
 * A barge-in for incident `incident` under `key` (`still-red`, `fix-failed:T-3`): its on-call and
 * author steps recorded as fired and their actions queued as pages, with `@here`, in the same
 * write as the decision, so it goes out through the outbox under the current fencing token exactly
 * as the tick's steps do. Each key barges in once per incident; an incident acknowledged, resolved
 * or without escalation pages nobody (the key is still recorded).
 */
export function bargeInWork(
  incident: Incident,
  key: string,
  now: number,
): { readonly incident: Incident; readonly work: readonly OutboxWork[] } {
  if (incident.bargedIn?.includes(key)) return { incident, work: [] };
  const bargedIn = [...(incident.bargedIn ?? []), key];
  if (incident.escalation === undefined) return { incident: { ...incident, bargedIn }, work: [] };
  const { state, steps } = bargeIn(incident.escalation, now);
  const work: OutboxWork[] = steps.flatMap((due) =>
    due.step.actions.map((action) => ({
      kind: 'page' as const,
      step: due.key,
      round: due.round,
      token: due.token,
      action,
    })),
  );
  // A render too: the incident message's escalation line moves on past the paged steps.
  if (work.length > 0) work.push({ kind: 'render' });
  return { incident: { ...incident, escalation: state, bargedIn }, work };
}
