/**
 * English texts of the tests only our own test server makes possible (issue 11): the SIP ALG
 * test and the TCP forwards. Part of the English catalog (`catalogs.en.ours`).
 */
import type { OursCatalog } from '../catalog-types';

/** The SIP ALG and TCP forward texts in English. */
export const oursEn: OursCatalog = {
  heading: 'SIP rewriting by the router (SIP ALG) and TCP forwards',
  intro: 'Tested against {server}, a voip-fwcheck test server that sends back what it received.',
  transport: { udp: 'SIP over UDP', tcp: 'SIP over TCP' },
  change: { changed: 'changed', added: 'added', removed: 'removed' },
  sentFrom: 'Sent from {local}; the server saw it come from {source}.',
  sip: {
    SIP_ALG_DETECTED: {
      title: 'A SIP ALG rewrites your SIP messages',
      explanation:
        'Something between this computer and the internet, almost always the router or firewall, changed the SIP request on its way ({transport}): {fields}. This “SIP ALG” (also called SIP helper, SIP fixup or SIP transformations) rewrites SIP messages to help phones behind NAT, but it breaks a PBX that handles NAT itself: one-way audio, calls that drop after 30 seconds, phones that lose their registration.',
      remediation: [
        'Switch SIP ALG (the SIP rewriting) off on the router or firewall. Where it hides: Netgear: Advanced > Setup > WAN Setup, tick “Disable SIP ALG”; TP-Link: Advanced > Security > ALG (or NAT Forwarding > ALG), untick SIP ALG; Linksys: Administration > Management, SIP ALG off; Zyxel: Security > ALG, untick SIP; DrayTek: in the telnet console, “sys sip_alg 0”, then “sys commit” and “sys reboot”.',
        'Business firewalls: Cisco ASA: “policy-map global_policy”, “class inspection_default”, “no inspect sip”; FortiGate: “config system settings”, “set default-voip-alg-mode kernel-helper-based”, “end”, then delete the SIP entry under “config system session-helper”; SonicWall: VoIP > Settings, untick “Enable SIP Transformations”; Juniper SRX: “set security alg sip disable”; MikroTik: IP > Firewall > Service Ports, disable “sip”; Ubiquiti EdgeRouter: “set system conntrack modules sip disable”; Linux: remove the nf_nat_sip and nf_conntrack_sip modules or the nftables “ct helper” of type “sip”.',
        'A provider’s box without the setting: ask the provider to switch SIP ALG (SIP rewriting) off, or put the box in bridge mode behind a router of your own.',
        'Restart the router (the SIP rewriting keeps its state for calls in progress), then run the check again.',
      ],
    },
    SIP_UNCHANGED: {
      title: 'No SIP ALG: nothing rewrites your SIP messages',
      explanation: 'The SIP request ({transport}) reached the test server byte for byte as this computer sent it.',
      remediation: [],
    },
    SIP_NO_RESPONSE: {
      title: 'The SIP test got no answer',
      explanation:
        'The SIP request ({transport}) or its answer did not get through. A SIP ALG (a router feature that rewrites SIP) that drops what it cannot read does that, and so does a firewall that blocks outgoing SIP, or a test server that is unreachable.',
      remediation: [
        'Check that outgoing SIP (port 5060, UDP and TCP) is allowed on this computer’s firewall and on the router.',
        'If it is, look for a SIP ALG on the router and switch it off (see “A SIP ALG rewrites your SIP messages” for where it hides).',
        'Run the check again.',
      ],
    },
  },
  tcpHeading: 'TCP forwards',
  tcpRow: 'TCP {port}',
  tcp: {
    PASS: {
      title: 'TCP port forwarded to this computer',
      explanation:
        'The test server opened a TCP connection to your public address on this port and it reached this computer.',
      remediation: [],
    },
    INBOUND_NO_RESPONSE: {
      title: 'TCP port not forwarded to this computer',
      explanation:
        'The test server could not open a TCP connection to your public address on this port, or the connection reached another machine. SIP over TCP (5060), SIP over TLS (5061) and the 3CX tunnel (5090) need these forwards as well as the UDP ones.',
      remediation: [
        'On the router, forward these TCP ports, unchanged (same port outside and inside), to this computer’s LAN address: the rule is usually the same as for UDP, with “TCP” or “TCP/UDP” chosen as the protocol.',
        'Check that nothing else (another PBX, a UPnP mapping) already takes these ports, and that this computer’s firewall lets them in.',
        'Run the check again.',
      ],
    },
    PORT_IN_USE: {
      title: 'TCP port in use on this computer',
      explanation:
        'Another program listens on this TCP port, so the check could not wait for the test connection on it.',
      remediation: [
        'Stop the program that uses the port (often the PBX itself: run the check with its services stopped), then run the check again.',
      ],
    },
    NOT_TESTED: {
      title: 'TCP port not tested',
      explanation:
        'The test server does not connect back to this port, or it did not answer the request (it limits how often one address may ask).',
      remediation: ['Wait a minute and run the check again; only the ports the test server allows can be tested.'],
    },
  },
};
