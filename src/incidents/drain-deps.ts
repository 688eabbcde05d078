import type {
  Chat,
  Clock,
  IncidentChannels,
  IncidentPresenter,
  Log,
  Store,
  Telemetry,
} from '../core/ports.js';
import type { OnCall } from '../escalation/domain/oncall.js';

/** What draining a watch's outbox needs; its own file so the outbox's steps need not import the drain. */
export interface DrainDeps {
  readonly store: Store;
  readonly chat: Chat;
  readonly presenter: IncidentPresenter;
  readonly clock: Clock;
  readonly log: Log;
  /** Who escalation steps' `oncall` targets reach; absent, nobody is on call. */
  readonly oncall?: OnCall;
  /** Incidents' own channels (repos with `incidentChannels`); absent, that work is dropped. */
  readonly channels?: IncidentChannels;
  /** The outbox lease's length (default DRAIN_LEASE_MS); tests shorten it. */
  readonly outboxLeaseMs?: number;
  /** Counts the deliveries Slack refused for good; absent, they are only logged. */
  readonly telemetry?: Pick<Telemetry, 'slackSetAside'>;
  /** User or user-group IDs DMed once per cause of a refusal; absent, nobody is. */
  readonly admins?: readonly string[];
}
