/**
 * A pre-flight built by hand for tests of what shows reports: one port held by the PBX, its
 * service running, a Windows firewall with no rule for the ports and the command that adds one.
 */
import type { Preflight } from '../../shared/preflight';

/** A Windows pre-flight with one of everything; anything can be overridden. */
export function samplePreflight(overrides: Partial<Preflight> = {}): Preflight {
  return {
    platform: 'win32',
    owners: {
      owners: [
        {
          protocol: 'udp',
          port: 5060,
          address: '0.0.0.0',
          family: 4,
          pid: 4312,
          name: '3CXPhoneSystem.exe',
          path: 'C:\\Program Files\\3CX Phone System\\Bin\\3CXPhoneSystem.exe',
          services: ['3CXPhoneSystem'],
          user: null,
          pbx: true,
        },
      ],
      excludedRanges: [{ protocol: 'udp', from: 50000, to: 50059, administered: false }],
      method: 'powershell',
      complete: true,
      errors: [],
    },
    services: {
      pbx: [{ name: '3CXPhoneSystem', displayName: '3CX Phone System', running: true }],
      elevated: false,
      stopRequested: false,
      stopped: [],
      restarted: [],
      failures: [],
      manualRestart: null,
    },
    firewall: {
      product: 'windows-firewall',
      state: 'on',
      profiles: [{ name: 'Public', enabled: true }],
      activeProfiles: ['Public'],
      findings: [{ kind: 'PORTS_NOT_ALLOWED', severity: 'error', detail: 'UDP 9000-9001 not allowed' }],
      fixes: [
        {
          shell: 'powershell',
          command: "New-NetFirewallRule -DisplayName 'VoIP' -Direction Inbound -Protocol UDP -LocalPort '9000-9001'",
          needsElevation: true,
        },
      ],
    },
    durationMs: 120,
    ...overrides,
  };
}
