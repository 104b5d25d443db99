export { findPwsh, findPester, compareVersions, PesterEnvironmentError, type EnvironmentErrorCode, type Found } from './locate';
export { parseJUnit, type JUnitCase } from './junit';
export { runPester, formatSummary, type PesterRunOptions, type PesterRunResult, type PesterTestResult } from './runPester';
