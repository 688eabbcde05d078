import type { OnCallNow } from '../../../escalation/domain/oncall.js';
import type { AckOutcome } from '../../../incidents/acknowledge-incident.js';
import type { ThreadIncident } from '../../../incidents/find-thread-incident.js';
import { renderWhyRed } from '../diagnosis/why-red-view.js';
import { renderOnCall } from '../escalation/oncall-view.js';
import { ACK_REPLIES } from '../incidents/incident-actions.js';
import { renderThreadStatus, renderThreadTimeline } from '../incidents/thread-status-view.js';
import { parseThreadAsk, THREAD_HELP, THREAD_POINTER } from './thread-ask.js';

export interface ThreadAnswerDeps {
  /** The same use case as the Acknowledge button. */
  readonly acknowledge: (incidentId: string, userId: string) => Promise<AckOutcome>;
  readonly oncall: () => OnCallNow;
  readonly now: () => number;
}

/**
 * The answer to `@Overseer <text>` from `user` in the thread of `found`'s incident message.
 * Undefined for a successful ack: the acknowledgement's own thread note says so (as after the
 * button), and a second message would repeat it.
 */
export async function answerInThread(
  deps: ThreadAnswerDeps,
  found: ThreadIncident,
  text: string,
  user: string,
): Promise<string | undefined> {
  const { incident, task } = found.slot;
  switch (parseThreadAsk(text)) {
    case 'status':
      return renderThreadStatus(incident, task, deps.now());
    case 'why':
      return renderWhyRed(incident);
    case 'timeline':
      return renderThreadTimeline(incident, task, deps.now());
    case 'oncall':
      return renderOnCall(deps.oncall());
    case 'help':
      return THREAD_HELP;
    case 'ack': {
      const outcome = await deps.acknowledge(incident.id, user);
      return outcome === 'acknowledged' ? undefined : ACK_REPLIES[outcome];
    }
    case 'other':
      return THREAD_POINTER;
  }
}
