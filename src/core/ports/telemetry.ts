/** How a cron cycle ended: every watch read, some could not be, or checks were turned off. */
export type CycleOutcome = 'ok' | 'partial' | 'idle';

/** What one check of a watch found, for the metrics. */
export interface CheckOutcome {
  readonly verdict: string;
  readonly event?: string;
  readonly slackFailed: boolean;
  /** The watch's key; the gauges below are kept per watch, as of its last check. */
  readonly watch: string;
  /** The watch has an open incident. */
  readonly incidentOpen: boolean;
  /** The state of that incident's fix task, when it has one. */
  readonly taskState?: string;
}

/** What use cases report for metrics; the adapter turns it into Prometheus series. */
export interface Telemetry {
  checkDone(outcome: CheckOutcome): void;
  checkFailed(repo: string): void;
  cycleDone(durationMs: number, outcome: CycleOutcome): void;
  /** Slack refused one delivery for good (`chat.update`, `message_not_found`): it was set aside. */
  slackSetAside(method: string, code: string): void;
  /** Escalation steps fired (pages, mentions, DMs owed) by one tick. */
  escalationStepsFired(count: number): void;
}
