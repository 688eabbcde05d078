import type { DeliveryRefusedError } from './delivery-refused.js';
import { expandPeople } from './expand-people.js';
import type { Chat, IncidentPresenter, Log, Store } from './ports.js';

export interface TellRefusalDeps {
  readonly store: Store;
  readonly chat: Chat;
  readonly presenter: IncidentPresenter;
  readonly log: Log;
  /** User or user-group IDs told; absent or empty, nobody is. */
  readonly admins?: readonly string[];
}

/** How long "this cause was told" is remembered. */
const TOLD_MS = 7 * 24 * 60 * 60_000;

/**
 * DMs each admin about a delivery Slack refused for good, once per cause (Slack's error code and
 * the channel), not once per item: a deleted channel refusing a hundred items is one
 * DM. Never throws: the admins' DM must not hold back the outbox; a failure is logged.
 */
export async function tellRefusal(
  deps: TellRefusalDeps,
  refused: Pick<DeliveryRefusedError, 'method' | 'code' | 'channel'>,
): Promise<number> {
  if (!deps.admins?.length) return 0;
  const marker = `slack-refusal-told:${refused.code}:${refused.channel}`;
  let sent = 0;
  try {
    if (!(await deps.store.setIfAbsent(marker, 'told', TOLD_MS))) return 0;
    const text = deps.presenter.refusal(refused);
    for (const admin of await expandPeople(deps.chat, deps.admins)) {
      // One admin's DM refused (deactivated) never keeps the others from theirs.
      await deps.chat.dm(admin, { text }).then(
        () => {
          sent += 1;
        },
        (error: unknown) => deps.log.warn({ err: error, admin }, 'Admin not told of a Slack refusal'),
      );
    }
  } catch (error) {
    deps.log.warn({ err: error, code: refused.code }, 'Admins not told of a Slack refusal');
  }
  return sent;
}
