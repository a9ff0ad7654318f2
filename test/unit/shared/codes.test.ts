import { describe, expect, it } from 'vitest';
import { isPortFailure, PORT_CODES, RUN_CODES, RUN_COULD_NOT_RUN } from '../../../shared/codes';

describe('result codes', () => {
  it('counts every port code but PASS and NOT_TESTED as a failure', () => {
    expect(PORT_CODES.filter(isPortFailure)).toEqual([
      'PORT_TRANSLATED',
      'INBOUND_NO_RESPONSE',
      'OUTBOUND_NO_RESPONSE',
      'PORT_IN_USE',
      'PUBLIC_IP_MISMATCH',
      'MALFORMED_RESPONSE',
    ]);
  });

  it('says "could not run" only for run codes that stop before the port tests', () => {
    expect([...RUN_COULD_NOT_RUN].sort()).toEqual(
      ['CHANGE_REQUEST_IGNORED', 'DNS_FAILED', 'NO_SECOND_ADDRESS', 'STUN_MALFORMED', 'STUN_UNREACHABLE'].sort(),
    );
    expect(RUN_COULD_NOT_RUN.every((c) => RUN_CODES.includes(c))).toBe(true);
  });
});
