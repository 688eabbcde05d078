/** What use cases report for metrics; the adapter turns it into Prometheus series. */
export interface Telemetry {
  checkDone(outcome: { verdict: string; event?: string; slackFailed: boolean }): void;
  checkFailed(repo: string): void;
  cycleDone(durationMs: number): void;
  /** Slack refused one delivery for good (`chat.update`, `message_not_found`): it was set aside. */
  slackSetAside(method: string, code: string): void;
}
