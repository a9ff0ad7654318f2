import { describe, expect, it } from 'vitest';
import { describeBindError } from '../../../main/server/log';
import { parseServeArgs } from '../../../main/server/options';
import { addressWarnings } from '../../../main/server/server';

const BASE = ['--primary', '192.0.2.1', '--alternate', '192.0.2.2'];
const settings = (extra: string[] = []) => {
  const parsed = parseServeArgs([...BASE, ...extra]);
  if (parsed.kind !== 'run') throw new Error(JSON.stringify(parsed));
  return parsed.settings;
};
const error = (args: string[]) => {
  const parsed = parseServeArgs(args);
  return parsed.kind === 'error' ? parsed.message : null;
};

describe('serve options', () => {
  it('has defaults that let a fast 2,000-port check through and connect back to 5060, 5061, 5090', () => {
    expect(settings()).toMatchObject({
      port: 3478,
      altPort: 3479,
      sipPort: 5060,
      connectBackPorts: [5060, 5061, 5090],
      limits: { ratePerSource: 1000, burstPerSource: 6000 },
      advertisePrimary: null,
    });
  });

  it('reads every option', () => {
    const s = settings(
      ['--port', '3480', '--alt-port', '3481', '--sip-port', 'none', '--tcp-ports', '5060-5062'].concat(
        ['--advertise-primary', '203.0.113.1', '--advertise-alternate', '203.0.113.2', '--rate-per-source', '50'],
        ['--burst-per-source', '60', '--rate-global', '70', '--burst-global', '80', '--max-sources', '90'],
        ['--connect-backs-per-minute', '3', '--log-interval', '5'],
      ),
    );
    expect(s).toMatchObject({
      port: 3480,
      altPort: 3481,
      sipPort: null,
      connectBackPorts: [5060, 5061, 5062],
      advertisePrimary: '203.0.113.1',
      advertiseAlternate: '203.0.113.2',
      limits: { ratePerSource: 50, burstPerSource: 60, rateGlobal: 70, burstGlobal: 80, maxSources: 90 },
      connectBacksPerMinute: 3,
      logIntervalMs: 5000,
    });
    expect(settings(['--tcp-ports', 'none']).connectBackPorts).toEqual([]);
  });

  it('writes addresses in canonical form', () => {
    expect(settings(['--primary', '2001:DB8::0:1', '--alternate', '2001:db8::2']).primary).toBe('2001:db8::1');
  });

  it.each([
    [['--primary', '192.0.2.1'], '--alternate needs an IP address'],
    [['--primary', 'localhost', '--alternate', '192.0.2.2'], '--primary needs an IP address'],
    [['--primary', '192.0.2.1', '--alternate', '192.0.2.1'], 'two different addresses'],
    [['--primary', '192.0.2.1', '--alternate', '2001:db8::1'], 'same family'],
    [[...BASE, '--port', '3479'], '--port and --alt-port must differ'],
    [[...BASE, '--sip-port', '3478'], '--sip-port must differ'],
    [[...BASE, '--port', '70000'], '--port must be a whole number from 1 to 65535'],
    [[...BASE, '--tcp-ports', '1-9'], 'at most 8 ports'],
    [[...BASE, '--advertise-primary', '2001:db8::1'], 'family of --primary'],
    [[...BASE, '--bogus'], 'Unknown option'],
    [[...BASE, 'extra'], 'unexpected argument'],
  ])('refuses %j', (args, message) => {
    expect(error(args)).toContain(message);
  });

  it('answers --help', () => {
    expect(parseServeArgs(['--help'])).toEqual({ kind: 'help' });
  });
});

describe('bind errors', () => {
  it('names CAP_NET_BIND_SERVICE when a port below 1024 is refused', () => {
    const message = describeBindError(
      Object.assign(new Error('x'), { code: 'EACCES' }),
      'SIP echo on 192.0.2.1:443/udp',
      443,
    );
    expect(message).toContain('ports below 1024 need CAP_NET_BIND_SERVICE');
    expect(message).toContain('AmbientCapabilities=CAP_NET_BIND_SERVICE');
  });

  it('says a port is in use', () => {
    expect(describeBindError(Object.assign(new Error('x'), { code: 'EADDRINUSE' }), 'STUN', 3478)).toBe(
      'STUN: port 3478 is already in use',
    );
  });
});

describe('address warnings', () => {
  it('say nothing for two public addresses or two loopback ones', () => {
    expect(addressWarnings(settings(['--primary', '8.8.4.4', '--alternate', '8.8.8.8']))).toEqual([]);
    expect(addressWarnings(settings(['--primary', '127.0.0.1', '--alternate', '127.0.0.2']))).toEqual([]);
  });

  it('ask for --advertise-* on private addresses, and stop asking once given', () => {
    const local = ['--primary', '10.0.0.4', '--alternate', '10.0.0.5'];
    expect(addressWarnings(settings(local))).toHaveLength(2);
    expect(addressWarnings(settings(local))[0]).toContain('--advertise-primary');
    const advertised = [...local, '--advertise-primary', '8.8.4.4', '--advertise-alternate', '8.8.8.8'];
    expect(addressWarnings(settings(advertised))).toEqual([]);
  });

  it('flag a public and a private address together', () => {
    expect(addressWarnings(settings(['--primary', '8.8.4.4', '--alternate', '10.0.0.5']))[0]).toContain(
      'checkers will refuse the second address',
    );
  });
});
