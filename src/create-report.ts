// Composition: the CI health report (src/report) wired to Slack, the store and the configured watches.
import type { WebClient } from '@slack/web-api';
import type { WatchTargetSource } from './ci/run-cycle.js';
import type { Chat, Clock, Log, Store } from './core/ports.js';
import { nextCronFire } from './platform/schedule/cron-fires.js';
import { renderChart } from './platform/slack/report/report-chart.js';
import type { ReportCommandDeps } from './platform/slack/report/report-command.js';
import { renderReport } from './platform/slack/report/report-view.js';
import { createSlackFileUpload } from './platform/slack/report/slack-file-upload.js';
import { type ChannelWatch, reportFor, scheduledReports, shareReport } from './report/index.js';
import type { ReportSettings } from './settings/report-settings.js';
import type { Job } from './start-overseer.js';

/** How often owed scheduled reports are looked for (and report.schedule's fire time checked). */
const REPORT_TICK_MS = 5_000;

export interface ReportParts {
  readonly settings: ReportSettings;
  readonly store: Store;
  readonly chat: Chat;
  readonly client: WebClient;
  readonly clock: Clock;
  readonly log: Log;
  readonly replicaId: string;
  readonly sources: readonly WatchTargetSource[];
}

/** `/overseer report` and the scheduled report's job. */
export function createReport(parts: ReportParts): { command: ReportCommandDeps; job: Job } {
  const { store, chat, clock, log, settings } = parts;
  const watches = (): ChannelWatch[] =>
    parts.sources.map((source) => {
      const branch = source.peek()?.watch.branch;
      return {
        repo: source.repo,
        workflow: source.workflow,
        channel: source.channel,
        ...(branch === undefined ? {} : { branch }),
      };
    });
  const share = {
    chat,
    files: createSlackFileUpload(parts.client),
    presenter: { text: renderReport, chart: renderChart },
  };
  const post = scheduledReports({
    ...share,
    store,
    clock,
    log,
    replicaId: parts.replicaId,
    watches,
    days: settings.days,
    nextFire: () => nextCronFire(settings.schedule),
  });
  return {
    command: {
      defaultDays: settings.days,
      build: (request) => reportFor({ store, watches, now: () => clock.now() }, request),
      share: (report, channel) => shareReport(share, report, channel),
    },
    job: { name: 'scheduled-report', everyMs: REPORT_TICK_MS, run: post },
  };
}
