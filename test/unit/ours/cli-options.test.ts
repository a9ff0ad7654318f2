import { describe, expect, it } from 'vitest';
import { parseCli, usage } from '../../../main/cli';

const parse = (...args: string[]) => {
  const parsed = parseCli(['check', ...args], {});
  if (parsed.kind !== 'check') throw new Error(parsed.kind);
  return parsed.ours;
};

describe('the command line of issue 11', () => {
  it('runs the SIP test and the default TCP ports unless told otherwise (as the window does)', () => {
    expect(parse()).toEqual({ sip: true, tcpPorts: null });
  });

  it('takes --no-sip, --tcp-ports none and a port list', () => {
    expect(parse('--no-sip')).toEqual({ sip: false, tcpPorts: null });
    expect(parse('--tcp-ports', 'none')).toEqual({ sip: true, tcpPorts: [] });
    expect(parse('--tcp-ports', '5060,5061,5090')).toEqual({ sip: true, tcpPorts: [5060, 5061, 5090] });
  });

  it('refuses a bad or too long TCP port list, and documents both options', () => {
    expect(() => parse('--tcp-ports', 'abc')).toThrow(/--tcp-ports/);
    expect(() => parse('--tcp-ports', '1000-1100')).toThrow(/at most 64/);
    expect(usage()).toContain('--tcp-ports SPEC|none');
    expect(usage()).toContain('--no-sip');
  });
});
