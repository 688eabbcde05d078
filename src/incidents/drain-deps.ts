import type { IncidentSlot, OutboxItem } from '../ci/index.js';
import type {
  Chat,
  Clock,
  IncidentChannels,
  IncidentPresenter,
  Log,
  PostedMessage,
  Store,
  Telemetry,
} from '../core/ports.js';
import type { OnCall } from '../escalation/domain/oncall.js';

type PageItem = Extract<OutboxItem, { kind: 'page' }>;
type DmItem = Extract<OutboxItem, { kind: 'dm' }>;

/**
 * Escalation's work in an incident's thread (the outbox's `page`, `dm` and `dms` items), handed
 * to delivery by the composition root: delivery carries the items out in order without knowing
 * who is paged or how. Each is given the drain's own deps.
 */
export interface PageSender {
  /** Carries out a step's action; answers the people it DMs, each then an item of its own. */
  page(deps: DrainDeps, slot: IncidentSlot, root: PostedMessage, item: PageItem): Promise<readonly string[]>;
  /** Sends one DM; undefined when nothing was sent (the step went stale). */
  dm(
    deps: DrainDeps,
    slot: IncidentSlot,
    root: PostedMessage,
    item: DmItem,
  ): Promise<PostedMessage | undefined>;
  /** Brings one DM sent before up to the incident's state. */
  updateDm(deps: DrainDeps, slot: IncidentSlot, root: PostedMessage, dm: PostedMessage): Promise<void>;
}

/** What draining a watch's outbox needs; its own file so the outbox's steps need not import the drain. */
export interface DrainDeps {
  readonly store: Store;
  readonly chat: Chat;
  readonly presenter: IncidentPresenter;
  readonly clock: Clock;
  readonly log: Log;
  /** Who escalation steps' `oncall` targets reach; absent, nobody is on call. */
  readonly oncall?: OnCall;
  /** Escalation's deliveries (escalation/page-sender.ts in the app). */
  readonly pages: PageSender;
  /** Incidents' own channels (repos with `incidentChannels`); absent, that work is dropped. */
  readonly channels?: IncidentChannels;
  /**
   * True once the process is stopping (SIGTERM): a drain starts no further Slack write, lets its
   * lease go and owes the rest at once to whichever replica (or restart) claims it, so a rolling
   * restart strands nothing behind a lease. Absent, never.
   */
  readonly stopping?: () => boolean;
  /** The outbox lease's length (default DRAIN_LEASE_MS); tests shorten it. */
  readonly outboxLeaseMs?: number;
  /** Counts the deliveries Slack refused for good; absent, they are only logged. */
  readonly telemetry?: Pick<Telemetry, 'slackSetAside'>;
  /** User or user-group IDs DMed once per cause of a refusal; absent, nobody is. */
  readonly admins?: readonly string[];
}
