// The report capability's public entry point: the CI health report's history and figures.

export {
  buildReport,
  REPORT_DAYS,
  type Report,
  type ReportOutcome,
  type ReportWatch,
  watchLabel,
} from './build-report.js';
export { type EpisodeFact, episodeFact } from './domain/episode-fact.js';
export type { EpisodeRecord } from './domain/episode-record.js';
export { HISTORY_RETENTION_DAYS } from './domain/history-bucket.js';
export type { Figures } from './domain/report-figures.js';
export { historyStage } from './history-stage.js';
export { readHistory } from './read-history.js';
export { readStoredEpisodes } from './read-stored-episodes.js';
export { type ChannelWatch, type ReportAnswer, type ReportRequest, reportFor } from './report-for.js';
export { REPORT_QUEUE, type ScheduledReportDeps, scheduledReports } from './scheduled-reports.js';
export { type ReportPresenter, type ShareDeps, type Shared, shareReport } from './share-report.js';
