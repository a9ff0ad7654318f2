/**
 * The run history: every finished run's report in the app's data folder, newest first, bounded.
 */
export { defaultDataDir, defaultHistoryDir } from './paths';
export { HISTORY_LIMITS, recordRun, type RecordOptions, type Recorded } from './store';
export { HistoryError, lastRun, listRuns, loadRun, type HistoryEntry, type HistoryProblem } from './read';
