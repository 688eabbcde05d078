// The report capability's public entry point: the CI health report's history and figures.

export {
  buildReport,
  REPORT_DAYS,
  type Report,
  type ReportOutcome,
  type ReportWatch,
  watchLabel,
} from './build-report.js';
export type { Figures } from './domain/report-figures.js';
export { historyStage } from './history-stage.js';
export { readHistory } from './read-history.js';
export { type ChannelWatch, type ReportAnswer, type ReportRequest, reportFor } from './report-for.js';
export { REPORT_QUEUE, type ScheduledReportDeps, scheduledReports } from './scheduled-reports.js';
export { type ReportPresenter, type ShareDeps, shareReport } from './share-report.js';
