/**
 * The report view: one model of a report (and of a pre-flight) for every renderer.
 */
export { buildReportView } from './report-view';
export type { ReportView, VerdictView, ServerAttemptView, WarningView } from './report-view';
export { buildPathView } from './path-view';
export { buildOursView } from './ours-view';
export type { OursView, SipRowView, TcpRowView } from './ours-view';
export type { PathView, PathFindingView } from './path-view';
export { buildPreflightView } from './preflight-view';
export type { PreflightView, OwnerGroupView, FindingView, FixView, ServicesView } from './preflight-view';
export { portGroups, toneOf, byLargestProblem, SIGNS, SIP_PORT, SCATTERED_RANGES } from './groups';
export type { GroupView, RangeView, RowView, PortRowView, HeldPortView, Tone } from './groups';
export { extentText, forwardRule, namedSteps } from './remedy';
export type { ForwardRuleView } from './remedy';
export { firewallDetail, PRODUCT_NAMES, STATE_WORDS } from './firewall-detail';
export { VIEW_WORDS } from './words';
export { elevatedCheckCommand } from './elevated-command';
