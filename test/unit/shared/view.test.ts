import { describe, expect, it } from 'vitest';
import type { Report } from '../../../shared/report';
import { buildPreflightView, buildReportView, portGroups } from '../../../shared/view';
import { samplePreflight } from '../../support/preflight';
import { sampleReport } from '../../support/report';

const held = { pid: 4312, name: '3CXPhoneSystem.exe' };
const report = (overrides: Partial<Report> = {}): Report =>
  sampleReport({
    ports: [
      { port: 5060, protocol: 'udp', code: 'PORT_IN_USE', mapped: null, owner: held },
      { port: 9000, protocol: 'udp', code: 'PASS', mapped: '203.0.113.2:9000', owner: null },
      { port: 9001, protocol: 'udp', code: 'INBOUND_NO_RESPONSE', mapped: '203.0.113.2:9001', owner: null },
      { port: 9002, protocol: 'udp', code: 'INBOUND_NO_RESPONSE', mapped: '203.0.113.2:9002', owner: null },
      { port: 9004, protocol: 'udp', code: 'INBOUND_NO_RESPONSE', mapped: null, owner: null, detail: 'timeout' },
      { port: 9005, protocol: 'udp', code: 'NOT_TESTED', mapped: null, owner: null },
    ],
    preflight: samplePreflight(),
    ...overrides,
  });

/** Deep-freezes a value, so a view builder that writes into the report throws. */
function freeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(freeze);
    Object.freeze(value);
  }
  return value;
}

describe('the report view', () => {
  it('gives the verdict with its code, title, text, steps and tone', () => {
    const view = buildReportView(report(), 'en');
    expect(view.verdict).toMatchObject({ code: 'SOME_FAILED', tone: 'bad', sign: '✗' });
    expect(view.verdict.title).toBe('Some ports are not forwarded correctly');
    expect(view.verdict.steps.length).toBeGreaterThan(2);
    expect(buildReportView(sampleReport(), 'fr').verdict).toMatchObject({
      code: 'ALL_PASSED',
      tone: 'ok',
      sign: '✓',
      steps: [],
    });
  });

  it('does not blame the router when every port was taken', () => {
    const taken = report({
      code: 'ALL_FAILED',
      ports: [{ port: 5060, protocol: 'udp', code: 'PORT_IN_USE', mapped: null, owner: held }],
    });
    expect(buildReportView(taken, 'en').verdict).toMatchObject({
      code: 'ALL_FAILED',
      title: 'Every port is taken on this computer: nothing was tested',
    });
  });

  it('folds the ports into groups by code, the largest problem first, with ranges, counts and texts', () => {
    const groups = buildReportView(report(), 'en').groups;
    expect(groups.map((g) => [g.code, g.label, g.count, g.tone, g.sign])).toEqual([
      ['INBOUND_NO_RESPONSE', '9001–9002, 9004', 3, 'fail', '✗'],
      ['PORT_IN_USE', '5060', 1, 'fail', '✗'],
      ['NOT_TESTED', '9005', 1, 'skip', '–'],
      ['PASS', '9000', 1, 'pass', '✓'],
    ]);
    const inbound = groups[0]!;
    expect(inbound.short).toBe('no forward (packets from outside do not get in)');
    expect(inbound.title).toBe('No inbound forward');
    expect(inbound.steps[0]).toMatch(/^On the router in front of 203\.0\.113\.2, forward UDP 9001–9002, 9004 to /);
    expect(inbound.ranges).toEqual([
      {
        from: 9001,
        to: 9002,
        label: '9001–9002',
        ports: [
          { port: 9001, mapped: '203.0.113.2:9001', note: '' },
          { port: 9002, mapped: '203.0.113.2:9002', note: '' },
        ],
      },
      { from: 9004, to: 9004, label: '9004', ports: [{ port: 9004, mapped: '—', note: 'timeout' }] },
    ]);
  });

  it('names the owner of a held port, with the SIP wording when it is 5060', () => {
    const inUse = buildReportView(report(), 'en').groups.find((g) => g.code === 'PORT_IN_USE');
    expect(inUse!.held).toEqual([{ port: 5060, owner: '3CXPhoneSystem.exe (PID 4312)' }]);
    expect(inUse!.title).toBe('The SIP port 5060 is held by 3CXPhoneSystem.exe (PID 4312)');
    expect(inUse!.ranges[0]!.ports[0]!.note).toBe('3CXPhoneSystem.exe (PID 4312)');
    const other = portGroups([{ port: 9000, protocol: 'udp', code: 'PORT_IN_USE', mapped: null, owner: held }], 'en');
    expect(other[0]!.title).toBe('Port already taken on this computer');
  });

  it('lists what to do for the failing groups, then the run’s own steps', () => {
    const { whatToDo } = buildReportView(report(), 'en');
    expect(whatToDo.groups.map((g) => g.code)).toEqual(['INBOUND_NO_RESPONSE', 'PORT_IN_USE', 'NOT_TESTED']);
    expect(whatToDo.run?.title).toBe('Some ports are not forwarded correctly');
    expect(buildReportView(sampleReport(), 'en').whatToDo).toEqual({ groups: [], run: null });
  });

  it('says why the test could not run: the servers tried, resolved addresses only when they add something', () => {
    const view = buildReportView(
      report({
        code: 'STUN_UNREACHABLE',
        server: null,
        publicAddress: null,
        servers: [
          { name: '203.0.113.100:3478', resolved: ['203.0.113.100'], code: 'STUN_UNREACHABLE', detail: 'silent' },
          { name: 's.example', resolved: ['203.0.113.101'], code: 'STUN_UNREACHABLE', detail: 'silent' },
        ],
      }),
      'en',
    );
    expect(view.couldNotRun).toBe(true);
    expect(view.servers.map((s) => s.resolved)).toEqual([[], ['203.0.113.101']]);
    expect(view.whatToDo).toEqual({ groups: [], run: null });
    expect(view.verdict.steps.length).toBeGreaterThan(0);
  });

  it('words the warnings in the view’s language, never with the report’s English text', () => {
    const view = buildReportView(
      report({
        warnings: [{ code: 'SEVERAL_PUBLIC_ADDRESSES', ports: 2, addresses: ['203.0.113.3'], text: 'English' }],
      }),
      'fr',
    );
    expect(view.warnings).toEqual([
      { code: 'SEVERAL_PUBLIC_ADDRESSES', text: expect.stringContaining('(203.0.113.3)') as string },
    ]);
    expect(view.warnings[0]!.text).toMatch(/^Certains ports sont sortis/);
  });

  it('gives the facts: server, public address, duration, start time, counts', () => {
    const view = buildReportView(report({ durationMs: 12_345 }), 'en');
    expect(view.server).toEqual({
      name: 's.example:3478',
      primary: '203.0.113.100:3478',
      alternate: '203.0.113.101:3479',
    });
    expect(view.publicAddress).toBe('203.0.113.2');
    expect(view.duration).toBe('12.3 s');
    expect(view.startedAt).toBe('2026-01-01 00:00');
    expect(view.summary).toEqual({ total: 6, passed: 1, failed: 4, notTested: 1 });
  });

  it('is pure: it never writes into the report and gives the same view twice', () => {
    const frozen = freeze(report());
    expect(buildReportView(frozen, 'en')).toEqual(buildReportView(frozen, 'en'));
  });

  it('never reads meaning from `detail`: other details change only the notes that show them', () => {
    const strip = (r: Report) =>
      JSON.parse(
        JSON.stringify(buildReportView(r, 'en'), (k, v: unknown) => (k === 'note' || k === 'detail' ? '' : v)),
      ) as unknown;
    const base = report({
      servers: [{ name: 's.example:3478', resolved: ['203.0.113.100'], code: null, detail: 'picked' }],
    });
    for (const detail of [
      'answer-from-primary',
      'refused by the primary address (error 420)',
      'cancelled',
      'EADDRINUSE',
      '',
    ]) {
      const other: Report = {
        ...base,
        ports: base.ports.map((p) => ({ ...p, detail })),
        servers: base.servers.map((s) => ({ ...s, detail })),
      };
      expect(strip(other)).toEqual(strip(base));
    }
  });
});

describe('the pre-flight view', () => {
  it('folds the ports each program holds and describes the program', () => {
    const pre = samplePreflight();
    const owner = pre.owners.owners[0]!;
    pre.owners.owners.push(
      { ...owner, port: 5061 },
      { ...owner, port: 9000, protocol: 'tcp', pid: null, name: null, services: [], user: 'pbx', pbx: false },
    );
    const view = buildPreflightView(pre, 'en');
    expect(view.owners).toEqual([
      { protocol: 'UDP', ports: '5060–5061', who: '3CXPhoneSystem.exe (PID 4312, service 3CXPhoneSystem)', pbx: true },
      { protocol: 'TCP', ports: '9000', who: 'pbx (user pbx)', pbx: false },
    ]);
    expect(view.ownersHeading).toBe('Ports in use on this computer');
    expect(view.noOwner).toBeNull();
    expect(buildPreflightView(samplePreflight({ owners: { ...pre.owners, owners: [] } }), 'en').noOwner).toBe(
      'None of the checked ports is in use on this computer.',
    );
    expect(view.excludedRanges).toEqual([
      'Windows reserves these ports (binding fails with no owner): UDP 50000–50059',
    ]);
    expect(buildPreflightView(pre, 'fr').owners[1]!.who).toBe('pbx (utilisateur pbx)');
  });

  it('says what happened to the PBX services', () => {
    const pre = samplePreflight();
    pre.services = {
      ...pre.services,
      pbx: [...pre.services.pbx, { name: '3CXCallFlow', displayName: 'Call flow', running: false }],
      stopRequested: true,
      stopped: ['3CXPhoneSystem'],
      failures: [{ service: '3CXPhoneSystem', action: 'start', message: 'access denied' }],
      manualRestart: { shell: 'powershell', command: "Start-Service -Name '3CXPhoneSystem'", needsElevation: true },
    };
    expect(buildPreflightView(pre, 'en').services).toEqual({
      heading: 'PBX services',
      text: '3CXPhoneSystem, 3CXCallFlow (stopped)',
      running: ['3CXPhoneSystem'],
      stopOffer: null,
      needsElevation: 'Stopping services needs an elevated prompt (Run as administrator) or root.',
      canStop: false,
      howToElevate: expect.stringMatching(/administrator|root/),
      stopped: 'Stopped for the check: 3CXPhoneSystem',
      restarted: null,
      failures: ['start 3CXPhoneSystem: access denied'],
      manualRestart: {
        label: 'COULD NOT START AGAIN — run this now',
        fix: { shell: 'powershell', command: "Start-Service -Name '3CXPhoneSystem'", needsElevation: true },
      },
    });
    expect(buildPreflightView(samplePreflight({ services: { ...pre.services, pbx: [] } }), 'en').services).toBeNull();
  });

  it('gives each firewall finding its sentence and sign, and the fixes to copy', () => {
    const view = buildPreflightView(samplePreflight(), 'fr');
    expect(view.firewall.findings).toEqual([
      {
        kind: 'PORTS_NOT_ALLOWED',
        severity: 'error',
        sign: '✗',
        text: expect.stringMatching(/^Aucune règle/) as string,
        // A detail the French table does not know: kept only for support, not shown as French.
        detail: '',
        rawDetail: 'UDP 9000-9001 not allowed',
      },
    ]);
    expect(view.firewall.fixes).toEqual(samplePreflight().firewall.fixes);
    expect(view.firewall.heading).toBe('Pare-feu de cet ordinateur');
  });
});
