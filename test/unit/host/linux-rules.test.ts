/**
 * Following a UDP port through the Linux input chains, on a real `nft -j list ruleset` capture and
 * on `iptables -S` text: first match wins, jumps followed, conditions noticed, policy last.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageReport } from '../../../main/engine/host/firewall';
import { iptablesInputCoverage } from '../../../main/engine/host/iptables-rules';
import { mergeCoverage } from '../../../main/engine/host/linux-rules';
import { nftInputCoverage, nftIptablesTables } from '../../../main/engine/host/nft-rules';

const fixture = (name: string) => readFileSync(resolve(__dirname, '../../fixtures/os', name), 'utf8');
const PORTS = [22, 5060, 5090, 9000, 9499, 9500, 9599, 9600, 9699, 9700, 9800, 9900, 10000, 10001];

describe('nftables input chains (real capture)', () => {
  const coverage = nftInputCoverage(fixture('nft-real-mixed.json'), PORTS);

  it('follows each port: single port, sets, named interval set, range, jump, explicit drop, policy', () => {
    expect(coverage).toEqual({
      chains: ['inet filter input'],
      allowed: [5060, 5090, 9000, 9499, 9500, 9599, 9600, 9699, 9900, 10000],
      blocked: [22, 9800, 10001], // UDP 22: the rule for 22 is TCP only
      conditional: [9700], // allowed only from one source address
      blockingChain: { family: 'inet', table: 'filter', chain: 'input' },
    });
  });

  it('turns that into findings and one nft command for the real chain, conditional ports included', () => {
    const report = coverageReport('nftables', coverage);
    expect(report.findings.map((f) => [f.kind, f.detail])).toEqual([
      ['PORTS_NOT_ALLOWED', 'inet filter input drops UDP 22,9800,10001'],
      [
        'ALLOW_RULE_CONDITIONAL',
        'inet filter input lets UDP 9700 in only under a condition (source address, interface, mark or rate)',
      ],
      ['ALLOW_RULE_PRESENT', 'inet filter input lets UDP 5060,5090,9000,9499-9500,9599-9600,9699,9900,10000 in'],
    ]);
    expect(report.fixes.map((f) => f.command)).toEqual([
      'sudo nft insert rule inet filter input udp dport { 22, 9700, 9800, 10001 } accept',
    ]);
  });

  it('says every port is allowed when the policy accepts, and that nothing filters without an input chain', () => {
    const open = JSON.stringify({
      nftables: [{ chain: { family: 'ip', table: 'f', name: 'in', type: 'filter', hook: 'input', policy: 'accept' } }],
    });
    expect(nftInputCoverage(open, [5060]).allowed).toEqual([5060]);
    const none = coverageReport('nftables', nftInputCoverage('{"nftables":[]}', [5060]));
    expect(none).toMatchObject({ product: 'none', state: 'off', findings: [{ kind: 'NO_FIREWALL_FOUND' }] });
    expect(() => nftInputCoverage('not json', [5060])).toThrow();
  });

  it('puts the fix for ports let in only conditionally into the chain that holds them up', () => {
    const json = JSON.stringify({
      nftables: [
        { chain: { family: 'ip', table: 'hostfw', name: 'in', type: 'filter', hook: 'input', policy: 'drop' } },
        {
          rule: {
            family: 'ip',
            table: 'hostfw',
            chain: 'in',
            expr: [
              { match: { op: '==', left: { payload: { protocol: 'ip', field: 'saddr' } }, right: '203.0.113.10' } },
              { accept: null },
            ],
          },
        },
      ],
    });
    const report = coverageReport('nftables', nftInputCoverage(json, [5060]));
    expect(report.findings.map((f) => f.kind)).toEqual(['ALLOW_RULE_CONDITIONAL']);
    expect(report.fixes.map((f) => f.command)).toEqual(['sudo nft insert rule ip hostfw in udp dport { 5060 } accept']);
  });

  it('needs every input chain to let a port in (two tables)', () => {
    const two = JSON.stringify({
      nftables: [
        { chain: { family: 'inet', table: 'a', name: 'in', type: 'filter', hook: 'input', policy: 'accept' } },
        { chain: { family: 'ip', table: 'b', name: 'in', type: 'filter', hook: 'input', policy: 'drop' } },
        {
          rule: {
            family: 'ip',
            table: 'b',
            chain: 'in',
            expr: [
              { match: { op: '==', left: { payload: { protocol: 'udp', field: 'dport' } }, right: 5060 } },
              { accept: null },
            ],
          },
        },
      ],
    });
    expect(nftInputCoverage(two, [5060, 5090])).toMatchObject({
      allowed: [5060],
      blocked: [5090],
      blockingChain: { family: 'ip', table: 'b', chain: 'in' },
    });
  });
});

describe('iptables -S', () => {
  const coverage = iptablesInputCoverage(fixture('iptables-S-mixed.txt'), PORTS);

  it('follows each port through INPUT and its user chains', () => {
    expect(coverage).toEqual({
      chains: ['INPUT'],
      allowed: [5060, 5090, 9000, 9499, 9900],
      blocked: [22, 9500, 9599, 9600, 9699, 9800, 10000, 10001],
      conditional: [9700],
      blockingChain: { family: 'ip', table: 'filter', chain: 'INPUT' },
    });
  });

  it('gives iptables commands of at most 15 ports each (multiport’s limit)', () => {
    const many = iptablesInputCoverage(
      '-P INPUT DROP\n',
      Array.from({ length: 20 }, (_, i) => 9000 + 2 * i),
    );
    const fixes = coverageReport('iptables', many).fixes.map((f) => f.command);
    expect(fixes).toHaveLength(2);
    expect(fixes[0]).toBe(
      'sudo iptables -I INPUT -p udp -m multiport --dports 9000,9002,9004,9006,9008,9010,9012,9014,9016,9018,9020,9022,9024,9026,9028 -j ACCEPT',
    );
    expect(fixes[1]).toBe('sudo iptables -I INPUT -p udp -m multiport --dports 9030,9032,9034,9036,9038 -j ACCEPT');
  });

  it('treats an empty INPUT with policy ACCEPT as open, and -p all as matching UDP', () => {
    expect(iptablesInputCoverage('-P INPUT ACCEPT\n', [5060]).allowed).toEqual([5060]);
    expect(iptablesInputCoverage('-P INPUT ACCEPT\n-A INPUT -p all -j DROP\n', [5060]).blocked).toEqual([5060]);
    expect(iptablesInputCoverage('-P INPUT ACCEPT\n-A INPUT -p tcp -j DROP\n', [5060]).allowed).toEqual([5060]);
  });
});

describe('iptables with the nf_tables backend (real captures of the same rules)', () => {
  const json = fixture('nft-real-iptables-nft.json');

  it('knows the tables iptables-nft wrote, whose options nft’s JSON leaves out', () => {
    expect([...nftIptablesTables(json)]).toEqual(['ip filter']);
  });

  it('reads them fully from iptables -S', () => {
    expect(iptablesInputCoverage(fixture('iptables-S-real.txt'), PORTS)).toEqual({
      chains: ['INPUT'],
      allowed: [5060, 5090, 9000, 9499, 9900],
      blocked: [22, 9500, 9599, 9600, 9699, 9800, 10000, 10001],
      conditional: [9700],
      blockingChain: { family: 'ip', table: 'filter', chain: 'INPUT' },
    });
  });

  it('from nft alone, calls what it cannot see conditional rather than guess', () => {
    const coverage = nftInputCoverage(json, PORTS);
    expect(coverage.allowed).toEqual([5060, 9900]); // plain udp dport rules and the jump
    // every other port first meets the conntrack stub, which might accept it: nothing is called blocked
    expect(coverage.blocked).toEqual([]);
    expect(coverage.conditional).toEqual([22, 5090, 9000, 9499, 9500, 9599, 9600, 9699, 9700, 9800, 10000, 10001]);
  });

  it('merges two readings port by port, the worse fate winning', () => {
    const a = { chains: ['a'], allowed: [1, 2], blocked: [], conditional: [3], blockingChain: null };
    const b = {
      chains: ['b'],
      allowed: [1],
      blocked: [2],
      conditional: [],
      blockingChain: { family: 'ip', table: 'filter', chain: 'INPUT' },
    };
    expect(mergeCoverage(a, { ...b, allowed: [1, 3] })).toEqual({
      chains: ['a', 'b'],
      allowed: [1],
      blocked: [2],
      conditional: [3],
      blockingChain: b.blockingChain,
    });
  });
});
