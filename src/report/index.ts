// The report capability's public entry point: the CI health report's history and figures.
export { historyStage } from './history-stage.js';
export { readHistory } from './read-history.js';
