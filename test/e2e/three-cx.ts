/**
 * The machine of issue 14 as the pre-flight sees it: 3CXPhoneSystem.exe holding a port, its
 * services running, no administrator rights (or with them), the Public profile of Windows
 * Defender Firewall on with no rule for the ports, and the fixes the real fix builder writes.
 * Ports 21800–21999 stand for 3CX's (the tests bind HELD themselves).
 */
import { windowsFixes } from '../../main/engine/host/fixes';
import type { Preflight } from '../../shared/preflight';

/** The port 3CXPhoneSystem.exe holds. */
export const HELD = 21805;

/** The 3CX machine of the issue, as the pre-flight saw it (ports 21800–21999 stand for 3CX's). */
export function threeCxPreflight(elevated: boolean): Preflight {
  return {
    platform: 'win32',
    owners: {
      owners: [
        {
          protocol: 'udp',
          port: HELD,
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
      excludedRanges: [],
      method: 'powershell',
      complete: true,
      errors: [],
    },
    services: {
      pbx: [
        { name: '3CXPhoneSystem', displayName: '3CX PhoneSystem', running: true },
        { name: '3CXCallFlow', displayName: '3CX Call Flow', running: true },
      ],
      elevated,
      stopRequested: false,
      stopped: [],
      restarted: [],
      failures: [],
      manualRestart: null,
    },
    firewall: {
      product: 'windows-firewall',
      state: 'on',
      profiles: [
        { name: 'Domain', enabled: true },
        { name: 'Private', enabled: true },
        { name: 'Public', enabled: true },
      ],
      activeProfiles: ['Public'],
      findings: [
        { kind: 'FIREWALL_ON', severity: 'info', detail: 'on for Domain, Private, Public' },
        { kind: 'PORTS_NOT_ALLOWED', severity: 'warning', detail: 'no allow rule for UDP 21800-21999' },
      ],
      fixes: windowsFixes([{ from: 21800, to: 21999 }]),
    },
    durationMs: 900,
    lanAddresses: ['192.168.1.20', '10.8.0.2'],
  };
}
