/**
 * The path to the internet (issue 12), for the code that runs a check: start the path step in
 * parallel with the pre-flight, run the mapping test after the port tests, then build the report's
 * `path` field with its findings.
 */
export { startPathProbe, pathReport, PATH_BUDGET_MS } from './probe-path';
export type { PathProbe, PathProbeDeps } from './probe-path';
export { testMappingBehaviour } from './mapping-test';
export type { MappingTestDeps, MappingTestResult } from './mapping-test';
export { pathFindings } from './findings';
export type { FindingContext } from './findings';
