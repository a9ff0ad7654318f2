/**
 * The pre-flight as every renderer shows it: who holds the checked ports (folded into ranges per
 * owner), the PBX services and what was done with them, the host firewall's findings with their
 * texts and the commands that fix them.
 */
import type { Language } from '../codes';
import { messages } from '../messages';
import { foldRanges, formatRanges } from '../ports';
import type { FirewallFinding, FirewallReport, FixCommand, PortOwnerInfo, Preflight } from '../preflight';
import { firewallDetail, PRODUCT_NAMES, STATE_WORDS } from './firewall-detail';
import { VIEW_WORDS } from './words';

/** Ports held by one program. */
export interface OwnerGroupView {
  protocol: 'UDP' | 'TCP';
  /** `5060, 9000–9010` */
  ports: string;
  /** `3CXPhoneSystem.exe (PID 4312, service 3CXPhoneSystem)` */
  who: string;
  /** Looks like the PBX itself. */
  pbx: boolean;
}

/** One firewall finding, with its sentence. */
export interface FindingView {
  kind: FirewallFinding['kind'];
  severity: FirewallFinding['severity'];
  /** `✗` error, `!` warning, `·` info. */
  sign: string;
  text: string;
  /** For people only (which ports, which rule), in the view's language: shown, never parsed. */
  detail: string;
  /** The parser's detail as written (English), for support; null when `detail` is it already. */
  rawDetail: string | null;
}

/** A command to copy, or a note to edit something by hand when no command is safe. */
export interface FixView {
  shell: FixCommand['shell'];
  command: string;
  needsElevation: boolean;
}

/** The PBX services found and what the check did with them. */
export interface ServicesView {
  heading: string;
  /** `3CXPhoneSystem, 3CXCallFlow (stopped)` */
  text: string;
  /** Names of the services running now (the window offers to stop them). */
  running: string[];
  /** The CLI's hint to use --stop-services, when they run and no stop was asked for. */
  stopOffer: string | null;
  /** Set when this process cannot stop services. */
  needsElevation: string | null;
  /** Only with administrator rights (or root) may the window offer to stop the services. */
  canStop: boolean;
  /** How to get those rights, when they are missing: restart as administrator, or the command. */
  howToElevate: string | null;
  /** `Stopped for the check: a, b`, or null. */
  stopped: string | null;
  /** `Started again: a, b`, or null. */
  restarted: string | null;
  /** `start a: access denied`, one a failure. */
  failures: string[];
  /** What to run now because a restart failed. */
  manualRestart: { label: string; fix: FixView } | null;
}

/** Everything the pre-flight found, in one language. */
export interface PreflightView {
  heading: string;
  owners: OwnerGroupView[];
  /** The "ports in use" heading. */
  ownersHeading: string;
  /** The sentence saying no checked port is in use, when none is. */
  noOwner: string | null;
  ownersIncomplete: string | null;
  /** `Windows reserves these ports (…): UDP 50000–50059`, one a range. */
  excludedRanges: string[];
  /** Null when no PBX service was found. */
  services: ServicesView | null;
  firewall: {
    heading: string;
    product: FirewallReport['product'];
    state: FirewallReport['state'];
    /** `Windows Defender Firewall` */
    productName: string;
    /** `on`, `activé` */
    stateText: string;
    findings: FindingView[];
    /** Says where to run the fixes. */
    fixesHeading: string;
    /** The window's sentence above the fixes: run one of them, and how (as administrator, sudo). */
    fixesIntro: string;
    fixes: FixView[];
  };
}

const SEVERITY_SIGN: Record<FirewallFinding['severity'], string> = { error: '✗', warning: '!', info: '·' };

function describeOwner(owner: PortOwnerInfo, language: Language): string {
  const w = VIEW_WORDS[language];
  const parts: string[] = [];
  if (owner.pid !== null) parts.push(`${w.pid} ${owner.pid}`);
  if (owner.services.length) parts.push(`${w.service} ${owner.services.join(', ')}`);
  if (owner.user) parts.push(`${w.user} ${owner.user}`);
  const name = owner.name ?? owner.user ?? '?';
  return parts.length ? `${name} (${parts.join(', ')})` : name;
}

function ownerGroups(owners: readonly PortOwnerInfo[], language: Language): OwnerGroupView[] {
  const groups = new Map<string, { view: OwnerGroupView; ports: number[] }>();
  for (const owner of owners) {
    const protocol = owner.protocol === 'tcp' ? 'TCP' : 'UDP';
    const who = describeOwner(owner, language);
    const key = `${protocol} ${who}`;
    const group = groups.get(key) ?? { view: { protocol, ports: '', who, pbx: false }, ports: [] };
    group.ports.push(owner.port);
    group.view.pbx ||= owner.pbx;
    groups.set(key, group);
  }
  return [...groups.values()].map(({ view, ports }) => ({ ...view, ports: formatRanges(foldRanges(ports)) }));
}

const fixView = (fix: FixCommand): FixView => ({
  shell: fix.shell,
  command: fix.command,
  needsElevation: fix.needsElevation,
});

function servicesView(services: Preflight['services'], language: Language, platform: string): ServicesView | null {
  if (services.pbx.length === 0) return null;
  const t = messages(language).preflight;
  const stopped = VIEW_WORDS[language].stopped;
  const running = services.pbx.filter((s) => s.running).map((s) => s.name);
  return {
    heading: t.pbxServices,
    text: services.pbx.map((s) => `${s.name}${s.running ? '' : ` (${stopped})`}`).join(', '),
    running,
    stopOffer: !services.stopRequested && running.length ? t.stopOffer : null,
    needsElevation: services.elevated === false ? t.needsElevation : null,
    canStop: services.elevated === true,
    howToElevate:
      services.elevated === true ? null : VIEW_WORDS[language].adminToStop[platform === 'win32' ? 'win32' : 'other'],
    stopped: services.stopped.length ? `${t.stopped}: ${services.stopped.join(', ')}` : null,
    restarted: services.restarted.length ? `${t.restarted}: ${services.restarted.join(', ')}` : null,
    failures: services.failures.map((f) => `${f.action} ${f.service}: ${f.message}`),
    manualRestart: services.manualRestart ? { label: t.restartFailed, fix: fixView(services.manualRestart) } : null,
  };
}

/** The pre-flight's view in `language`: the window shows it before a run, the report after. */
export function buildPreflightView(preflight: Preflight, language: Language): PreflightView {
  const t = messages(language).preflight;
  const sentences = messages(language).firewall;
  const { owners, excludedRanges, complete } = preflight.owners;
  return {
    heading: t.heading,
    owners: ownerGroups(owners, language),
    ownersHeading: t.portsInUse,
    noOwner: owners.length ? null : t.noPortInUse,
    ownersIncomplete: complete ? null : t.ownersIncomplete,
    excludedRanges: excludedRanges.map(
      (r) => `${t.excludedRange}: ${r.protocol === 'tcp' ? 'TCP' : 'UDP'} ${formatRanges([r])}`,
    ),
    services: servicesView(preflight.services, language, preflight.platform),
    firewall: {
      heading: t.firewall,
      product: preflight.firewall.product,
      state: preflight.firewall.state,
      productName: PRODUCT_NAMES[language][preflight.firewall.product],
      stateText: STATE_WORDS[language][preflight.firewall.state],
      findings: preflight.firewall.findings.map((f) => {
        const detail = firewallDetail(f.detail, language);
        return {
          kind: f.kind,
          severity: f.severity,
          sign: SEVERITY_SIGN[f.severity],
          text: sentences[f.kind],
          detail: detail.translated ? detail.text : '',
          rawDetail: detail.translated ? null : f.detail,
        };
      }),
      fixesHeading: t.fixNeedsElevation,
      fixesIntro: preflight.firewall.fixes.some((fix) => fix.shell !== 'sh')
        ? VIEW_WORDS[language].fixesOne
        : VIEW_WORDS[language].fixesRoot,
      fixes: preflight.firewall.fixes.map(fixView),
    },
  };
}
