/**
 * The report view: one model of a report (and of a pre-flight) for every renderer.
 */
export { buildReportView } from './report-view';
export type { ReportView, VerdictView, ServerAttemptView, WarningView } from './report-view';
export { buildPathView } from './path-view';
export type { PathView, PathFindingView } from './path-view';
export { buildPreflightView } from './preflight-view';
export type { PreflightView, OwnerGroupView, FindingView, FixView, ServicesView } from './preflight-view';
export { portGroups, toneOf, SIGNS, SIP_PORT } from './groups';
export type { GroupView, RangeView, PortRowView, HeldPortView, Tone } from './groups';
export { VIEW_WORDS } from './words';
