export {
  compareVersions,
  findPester,
  findPesterEnvironment,
  findPwsh,
  INSTALL_HINT,
  PesterEnvironmentError,
  type EnvironmentErrorCode,
  type FindPesterOptions,
  type FindPwshOptions,
  type Found,
  type PesterModule,
  type PwshLocation,
} from './locate';
export { parseJUnit, type JUnitCase } from './junit';
export { parseXml, XmlError, type XmlElement } from './xml';
export { formatSummary, runPester, type PesterRunOptions, type PesterRunResult, type PesterTestResult } from './runPester';
export { runPwshScript, type ProcessResult } from './process';
