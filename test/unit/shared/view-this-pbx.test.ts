/**
 * Issue 14: the view names this PBX. The verdict scales with the extent, groups come largest
 * problem first and scattered failures make one row, the steps name the ranges, this machine's
 * LAN address and the public address, the rule to create is ready to copy, the port-in-use help
 * starts from the program already identified, and the firewall reads in French too.
 */
import { describe, expect, it } from 'vitest';
import type { PortResult, Report } from '../../../shared/report';
import { buildPreflightView, buildReportView, firewallDetail, portGroups } from '../../../shared/view';
import { samplePreflight } from '../../support/preflight';
import { sampleReport } from '../../support/report';

const result = (port: number, code: PortResult['code'], owner: PortResult['owner'] = null): PortResult => ({
  port,
  protocol: 'udp',
  code,
  mapped: code === 'PASS' ? `203.0.113.44:${port}` : null,
  owner,
});
const range = (from: number, to: number, code: PortResult['code']) =>
  Array.from({ length: to - from + 1 }, (_, i) => result(from + i, code));

/** The 3CX default profile: 5060 held by the PBX, 5090 and 9000–9999 pass, 10000–10999 fail. */
function threeCx(overrides: Partial<Report> = {}): Report {
  const preflight = { ...samplePreflight(), lanAddresses: ['192.168.1.20', '10.8.0.2', 'fe80::1'] };
  return sampleReport({
    code: 'SOME_FAILED',
    publicAddress: '203.0.113.44',
    ports: [
      result(5060, 'PORT_IN_USE', { pid: 4312, name: '3CXPhoneSystem.exe' }),
      result(5090, 'PASS'),
      ...range(9000, 9999, 'PASS'),
      ...range(10000, 10999, 'INBOUND_NO_RESPONSE'),
    ],
    preflight,
    ...overrides,
  });
}

describe('the view names this PBX (issue 14)', () => {
  it('says how many ports fail and where, in a sentence that scales with the extent', () => {
    expect(buildReportView(threeCx(), 'en').verdict.extent).toBe(
      '1,000 of 2,002 ports, all of 10000–10999: no forward (packets from outside do not get in); and 1 more port with another problem.',
    );
    const one = sampleReport({
      code: 'SOME_FAILED',
      ports: [...range(9000, 9009, 'PASS'), result(9010, 'INBOUND_NO_RESPONSE')],
    });
    expect(buildReportView(one, 'en').verdict.extent).toBe(
      '1 of 11 ports, all of 9010: no forward (packets from outside do not get in).',
    );
    const scattered = sampleReport({
      code: 'SOME_FAILED',
      ports: range(10000, 10999, 'PASS').map((r) =>
        r.port % 3 === 0 ? { ...r, code: 'INBOUND_NO_RESPONSE' as const } : r,
      ),
    });
    expect(buildReportView(scattered, 'en').verdict.extent).toBe(
      '333 of 1,000 ports, scattered between 10002 and 10998: no forward (packets from outside do not get in).',
    );
    expect(buildReportView(scattered, 'fr').verdict.extent).toMatch(
      /^333 ports sur 1\u202f000, dispersés entre 10002 et 10998 : /,
    );
    const passed = sampleReport({ code: 'ALL_PASSED', ports: range(9000, 9001, 'PASS') });
    expect(buildReportView(passed, 'en').verdict.extent).toBe('All 2 ports are forwarded one-to-one.');
  });

  it('lists the largest problem first, ranges in port order, and folds scattered failures into one row', () => {
    const groups = buildReportView(threeCx(), 'en').groups;
    expect(groups.map((g) => [g.code, g.rows.map((r) => r.label)])).toEqual([
      ['INBOUND_NO_RESPONSE', ['10000–10999']],
      ['PORT_IN_USE', ['5060']],
      ['PASS', ['5090', '9000–9999']],
    ]);
    const scattered = portGroups(
      range(10000, 10999, 'PASS').map((r) => (r.port % 3 === 0 ? { ...r, code: 'INBOUND_NO_RESPONSE' as const } : r)),
      'en',
    );
    expect(scattered[0]!.ranges).toHaveLength(333);
    expect(scattered[0]!.rows).toEqual([
      expect.objectContaining({ label: '333 ports between 10002 and 10998', count: 333, from: 10002, to: 10998 }),
    ]);
    expect(scattered[0]!.rows[0]!.ports).toHaveLength(333);
  });

  it('names the ranges, this machine’s LAN address (private IPv4 first) and the public address in the steps', () => {
    const view = buildReportView(threeCx(), 'en');
    expect(view.lanAddresses).toEqual(['192.168.1.20', '10.8.0.2', 'fe80::1']);
    expect(view.groups[0]!.steps[0]).toBe(
      'On the router in front of 203.0.113.44, forward UDP 10000–10999 to 192.168.1.20 (this computer), with the same port numbers outside and inside: the rule below. This computer also has 10.8.0.2, fe80::1: use the one on the router’s network.',
    );
    expect(view.whatToDo.groups[0]!.steps[0]).toBe(view.groups[0]!.steps[0]);
  });

  it('gives the rule to create in the fields of a router’s forward form, ready to copy', () => {
    const { rule } = buildReportView(threeCx(), 'en');
    expect(rule?.fields).toEqual([
      ['Protocol', 'UDP'],
      ['External ports', '10000-10999'],
      ['Internal address (this computer)', '192.168.1.20'],
      ['Internal ports', '10000-10999'],
      ['Public address (WAN)', '203.0.113.44'],
    ]);
    expect(rule?.text.split('\n')).toEqual([
      'Rule to create on the router (port forward, NAT or virtual server)',
      '  Protocol: UDP',
      '  External ports: 10000-10999',
      '  Internal address (this computer): 192.168.1.20',
      '  Internal ports: 10000-10999',
      '  Public address (WAN): 203.0.113.44',
    ]);
    const noLan = buildReportView(threeCx({ preflight: samplePreflight() }), 'en');
    expect(noLan.rule?.fields[2]![1]).toBe('this computer’s LAN address (ipconfig shows it)');
    expect(
      buildReportView(sampleReport({ code: 'ALL_PASSED', ports: range(9000, 9001, 'PASS') }), 'en').rule,
    ).toBeNull();
  });

  it('starts the port-in-use help from the program already identified, without the netstat hunt', () => {
    const owner = { pid: 4312, name: '3CXPhoneSystem.exe' };
    const [sip] = portGroups([result(5060, 'PORT_IN_USE', owner)], 'en');
    expect(sip!.steps[0]).toBe(
      'UDP 5060 is held by 3CXPhoneSystem.exe (PID 4312): that is the program to stop for the check.',
    );
    expect(sip!.steps.join(' ')).not.toMatch(/netstat|tasklist|ss -ulpn/);
    const [other] = portGroups([result(9500, 'PORT_IN_USE', owner), result(9501, 'PORT_IN_USE', owner)], 'fr');
    expect(other!.steps[0]).toBe(
      'UDP 9500–9501 est occupé par 3CXPhoneSystem.exe (PID 4312) : c’est le programme à arrêter pendant la vérification.',
    );
    expect(other!.steps.join(' ')).not.toMatch(/netstat|tasklist/);
    // An owner unknown: the steps still say how to find it.
    const [unknown] = portGroups([result(9500, 'PORT_IN_USE')], 'en');
    expect(unknown!.steps.join(' ')).toMatch(/netstat/);
  });

  it('offers to stop the services only with administrator rights, and says how to get them otherwise', () => {
    const pre = samplePreflight();
    pre.services.pbx = [{ name: '3CXPhoneSystem', displayName: '3CX PhoneSystem', running: true }];
    pre.services.elevated = false;
    pre.platform = 'win32';
    expect(buildPreflightView(pre, 'en').services).toMatchObject({
      canStop: false,
      howToElevate: expect.stringMatching(/Run as administrator/),
    });
    pre.platform = 'linux';
    expect(buildPreflightView(pre, 'en').services?.howToElevate).toMatch(/sudo voip-fwcheck check --stop-services/);
    pre.services.elevated = true;
    expect(buildPreflightView(pre, 'en').services).toMatchObject({ canStop: true, howToElevate: null });
  });
});

describe('the firewall in plain words, in French too (issue 14)', () => {
  // Every detail main/engine/host/firewall.ts writes, with sample values.
  const DETAILS = [
    'off for the active profile(s): Public',
    'on for Domain, Private, Public',
    'Public: inbound allow rules are ignored (block all incoming)',
    'Public: Group Policy ignores local rules; add the rule through Group Policy',
    'the firewall rules could not be read in time',
    '"Block 3CX" blocks this program (Public)',
    '"Block RTP" blocks UDP 9000-9999 from 198.51.100.0/24',
    '"Block RTP" blocks UDP 9000-9999',
    'no allow rule for UDP 10000-10999',
    'UDP 9000-9010 allowed only from some remote addresses: "SIP" (198.51.100.7)',
    'ufw status needs root',
    'ufw inactive',
    'firewall-cmd --list-all-zones failed',
    'no active firewalld zone with an interface',
    'unreadable nft output',
    'reading nftables/iptables rules needs root',
    'no ufw, firewalld, nftables or iptables rules found',
    'no nftables input chain',
    'inet filter input lets UDP 21800-21999 in only under a condition (source address, interface, mark or rate)',
    'inet filter input lets UDP 21800-21999 in',
    'ufw-user-input drops UDP 21800-21999',
    '"VoIP", "3CX RTP"',
  ];
  const ENGLISH =
    /\b(the|for|from|no|rules?|allow(ed)?|blocks?|drops|lets|only|needs|found|failed|inactive|profile|program|ignored|incoming|in|read|time|with|under|some|remote|addresses|output|unreadable)\b/;

  it('translates every detail the firewall reader writes, leaving no English word', () => {
    for (const detail of DETAILS) {
      const { text, translated } = firewallDetail(detail, 'fr');
      expect({ detail, translated }).toEqual({ detail, translated: true });
      // Names quoted from the OS (rule names, chains) stay as they are.
      expect(
        text.replace(/"[^"]*"|inet filter input|ufw-user-input|firewall-cmd --list-all-zones|ufw status/g, ''),
      ).not.toMatch(ENGLISH);
    }
  });

  it('names the product and its state in words, and keeps an unknown detail for support only', () => {
    const pre = samplePreflight();
    pre.firewall.product = 'windows-firewall';
    pre.firewall.findings = [
      { kind: 'FIREWALL_ON', severity: 'info', detail: 'on for Public' },
      { kind: 'RULES_UNKNOWN', severity: 'warning', detail: 'something new' },
    ];
    const view = buildPreflightView(pre, 'fr').firewall;
    expect([view.productName, view.stateText]).toEqual(['Pare-feu Windows Defender', 'activé']);
    expect(view.findings.map((f) => [f.detail, f.rawDetail])).toEqual([
      ['activé pour public', null],
      ['', 'something new'],
    ]);
    expect(view.fixesIntro).toMatch(/^Lancez l’une de ces commandes \(pas les deux\)/);
  });
});
