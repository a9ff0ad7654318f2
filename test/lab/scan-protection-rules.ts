/**
 * A router's port-scan and flood protection for the NAT lab (issue 10), in nftables on the
 * router's path, watching packets from the STUN server's second address (the "scanner": Test 2's
 * answers come from it, unsolicited, port after port). Three kinds:
 * - `psd`: xt_psd's rule with dynamic sets. A new port (source . port not seen in the last 3 s)
 *   refreshes the source's entry in `psdsum` (timeout 3 s, refreshed by each new port: the sum is
 *   forgotten after more than 3 s without one) and counts against its per-element limit of 20:
 *   the 21st new port and every new port after it are dropped while the entry stays fresh.
 * - `rate`: more than 5 new flows per second after a burst of 20 (a meter on ct state new) puts
 *   the source on the `blocked` list for 30 s.
 * - `block-forever`: the psd rule above, but the first match puts the source on the `blocked` list
 *   for 10 minutes, longer than any run (MikroTik's address list does it for days).
 * Block-listed sources lose every packet. The chain hooks prerouting before DNAT, so it sees every
 * port, forwarded or not, as a router's own protection does.
 */

/** Which protection the lab's router runs (see the file comment). */
export type LabProtection = 'psd' | 'rate' | 'block-forever';

/** The nftables table for `protection` against packets from `source`. */
export function protectionRules(protection: LabProtection, source: string): string {
  const psdTrip = (action: string) => `
    ip saddr ${source} ip saddr . udp dport @psdseen update @psdseen { ip saddr . udp dport } accept
    ip saddr ${source} update @psdsum { ip saddr limit rate over 1/hour burst 20 packets } ${action}
    ip saddr ${source} add @psdseen { ip saddr . udp dport }`;
  const rules = {
    psd: psdTrip('counter name tripped drop'),
    'block-forever': psdTrip('add @blocked { ip saddr timeout 10m } counter name tripped drop'),
    rate: `
    ip saddr ${source} ct state new update @rate { ip saddr limit rate over 5/second burst 20 packets } add @blocked { ip saddr timeout 30s } counter name tripped drop`,
  }[protection];
  return `
table ip scanguard {
  set blocked { type ipv4_addr; flags dynamic, timeout; }
  set psdseen { type ipv4_addr . inet_service; flags dynamic, timeout; timeout 3s; }
  set psdsum { type ipv4_addr; flags dynamic, timeout; timeout 3s; }
  set rate { type ipv4_addr; flags dynamic, timeout; timeout 60s; }
  counter dropped {}
  counter tripped {}
  chain prerouting { type filter hook prerouting priority -150; policy accept;
    iifname "wan0" ip saddr @blocked counter name dropped drop
    iifname "wan0" meta l4proto udp jump watch
  }
  chain watch {${rules}
  }
}
`;
}
