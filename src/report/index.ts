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
