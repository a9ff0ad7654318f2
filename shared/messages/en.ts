/**
 * English texts for every result code. Written for the person at the server: what happened, in
 * plain words, then what to do, one action per step.
 */
import type { Catalog } from '../catalog-types';

/** The English catalog. */
export const en: Catalog = {
  ports: {
    PASS: {
      title: 'Forwarded one-to-one',
      explanation:
        'The router kept the port number on the way out, and a packet sent from a different address on the internet reached this port. Calls, remote extensions and trunks can use it.',
      remediation: [],
    },
    PORT_TRANSLATED: {
      title: 'The router changes the port number',
      explanation:
        'Traffic leaving this port reached the internet from a different public port. A PBX needs each port to keep its number in both directions; a router that rewrites it (often called symmetric NAT) breaks SIP and audio even when a forward exists.',
      remediation: [
        'On the router, create a static one-to-one forward for this port (UDP) to the PBX, with the same external and internal port number.',
        'Make outbound NAT keep the source port for the PBX: on pfSense or OPNsense, an outbound NAT rule with "Static Port"; on other routers look for "port preservation" or turn off "randomise source port".',
        'Turn off any SIP ALG, SIP helper or SIP application-level gateway: the PBX handles NAT itself.',
        'Run the check again.',
      ],
    },
    INBOUND_NO_RESPONSE: {
      title: 'No inbound forward',
      explanation:
        'Outbound traffic from this port works, but the packet the STUN server sent from its second address never arrived. Without a static forward, providers and remote extensions cannot reach the PBX on this port: calls may have no audio or never ring.',
      remediation: [
        'On the router or firewall, forward this UDP port to the PBX machine’s own LAN address, with the same port number outside and inside.',
        'Forward TCP too where the PBX uses it (SIP on 5060, the tunnel on 5090).',
        'Check that the forward points to this machine and not to an old or different IP address.',
        'If only the ports after the first few fail, the router’s port-scan or flood protection is blocking the test: turn it off during the check, or run it with the gentle pace (--pace gentle).',
        'Check that the firewall on this computer allows inbound UDP on the port.',
      ],
    },
    OUTBOUND_NO_RESPONSE: {
      title: 'No answer to this port',
      explanation:
        'The STUN server answers other ports of this machine but never answered this one: something drops traffic from or to this port on the way out.',
      remediation: [
        'Check that the router or firewall allows this machine to send from this port to the internet, for UDP and, where the PBX needs it, TCP.',
        'Check the firewall on this computer (Windows Defender Firewall, ufw, firewalld…): it must allow the traffic on this port.',
        'Antivirus and anti-malware suites often filter network traffic: turn them off or uninstall them to rule them out (turning off alone is not always enough).',
        'Your internet provider may block this port: ask them, or test from another connection.',
        'Run the check again to rule out a passing outage.',
      ],
    },
    PORT_IN_USE: {
      title: 'The port is used by another program',
      explanation:
        'The checker could not use this port because a program on this computer already holds it. Usually it is the PBX itself; the port was not tested.',
      remediation: [
        'Stop the PBX services during the check (the app can stop and restart them with your consent); calls in progress drop while they are stopped.',
        'To find the program by hand on Windows, run netstat -ano | findstr :9500 (use your port number); the last column is the process ID (PID).',
        'Then run tasklist /fi "pid eq 4312" with that PID to see the program’s name, or look it up in Task Manager.',
        "On Linux, run ss -ulpn 'sport = :9500' (use your port number) to see the program and its PID.",
        'Close or stop that program, then run the check again.',
      ],
    },
    PUBLIC_IP_MISMATCH: {
      title: 'Left through another public address',
      explanation:
        'The STUN server saw this port come from a different public IP address than the one you expect. Traffic takes another internet line, router or VPN, so the forward you set up is not the one in use.',
      remediation: [
        'Check that the public IP address you entered is current (it may have changed if it is not fixed).',
        'On a router with several internet lines (multi-WAN, load balancing), make the PBX always use the line whose address you gave, and forward the ports on that line.',
        'Check for a VPN or proxy on this machine or the network that sends traffic elsewhere.',
        'Run the check again.',
      ],
    },
    MALFORMED_RESPONSE: {
      title: 'Unreadable or unexpected answer',
      explanation:
        'An answer for this port was not valid STUN, or came from an address that should not answer. A device between this machine and the internet is rewriting or answering packets.',
      remediation: [
        'Turn off any SIP ALG, SIP helper or application-level gateway on the router or firewall.',
        'Turn off transparent proxies or "VoIP optimisation" features for the PBX.',
        'Run the check again, or with another STUN server.',
      ],
    },
    NOT_TESTED: {
      title: 'Not tested',
      explanation: 'The check stopped before it reached this port, or the port was skipped.',
      remediation: ['Run the check again to test this port.'],
    },
  },
  runs: {
    ALL_PASSED: {
      title: 'Every port is forwarded one-to-one',
      explanation:
        'Each checked port keeps its number on the way out and receives packets from the internet. This is the setup PBX vendors support: VoIP providers, remote extensions, bridges and tunnels will work through this router.',
      remediation: [],
    },
    SOME_FAILED: {
      title: 'Some ports are not forwarded correctly',
      explanation:
        'Part of the ports passed and part did not. Calls that land on a failing port can lose audio or not connect at all.',
      remediation: [
        'Look at the failed ranges and set up a static one-to-one forward for exactly those ports.',
        'Make sure every forward points to this PBX’s LAN address, not to another machine.',
        'If the failures start after the first ports, port-scan protection on the router is reacting to the test: turn it off during the check or use the gentle pace.',
        'Run the check again after each change.',
      ],
    },
    ALL_FAILED: {
      title: 'No port is forwarded correctly',
      explanation:
        'None of the checked ports passed. In this state VoIP providers and remote extensions will not work, and the setup is not supported by PBX vendors.',
      remediation: [
        'Log in to the router or firewall and create static port forwards for all the PBX ports (UDP, and TCP where needed) to this machine’s LAN address.',
        'Check the failure type of each range: it tells whether the problem is the forward, the port number or outbound traffic.',
        'Run the check again.',
      ],
    },
    DNS_FAILED: {
      title: 'The STUN server’s name could not be resolved',
      explanation:
        'This computer could not turn the STUN server’s name into an address. Either DNS does not work here, or the name is wrong or no longer in use.',
      remediation: [
        'Check that this computer can resolve names: open a web page, or run nslookup with the server’s name.',
        'Check the spelling of the STUN server.',
        'Enter the server by IP address, or choose another server (the default list has several).',
      ],
    },
    STUN_UNREACHABLE: {
      title: 'No STUN server answered',
      explanation:
        'None of the configured STUN servers answered, so no port could be checked. The usual cause is the internet connection, or outbound UDP being blocked.',
      remediation: [
        'Check the internet connection: open a website in a browser on this computer.',
        'Make sure the router and this computer’s firewall allow outbound UDP to the STUN server’s port (3478 by default).',
        'Check the server’s port number: some servers listen on another port.',
        'Choose another STUN server, or restore the default list.',
      ],
    },
    NO_SECOND_ADDRESS: {
      title: 'The STUN server has no usable second address',
      explanation:
        'The server answered, but it has no working second IP address to send the inbound test from (it advertises none or 0.0.0.0, or does not answer from it). It cannot tell whether ports are forwarded.',
      remediation: [
        'Choose a STUN server that has two IP addresses (RFC 5780 or the older RFC 3489 behaviour); the app’s default list contains such servers.',
        'If it is your own server, give it a second address (for example coturn with two listening IPs, or stund with -a).',
      ],
    },
    CHANGE_REQUEST_IGNORED: {
      title: 'The STUN server ignores change requests',
      explanation:
        'The server claims a second address but answers the inbound test from its main address. Its answers would make every port look forwarded, so the check stopped rather than give a false result. Many large public servers, Google’s among them, behave like this.',
      remediation: ['Choose another STUN server that supports two addresses; the default list contains such servers.'],
    },
    STUN_MALFORMED: {
      title: 'The STUN servers sent unreadable answers',
      explanation:
        'What came back was not valid STUN: another service may be listening on that port, a device on the path may rewrite packets, or the server is faulty.',
      remediation: [
        'Check the server name and port.',
        'Turn off SIP ALG or similar packet-rewriting features on the router, and check that the firewall is not altering or blocking packets.',
        'Choose another STUN server and run the check again.',
      ],
    },
    CANCELLED: {
      title: 'The check was stopped',
      explanation:
        'The check was cancelled before the end. The results so far are kept; ports not reached are marked as not tested.',
      remediation: ['Run the check again to test every port.'],
    },
  },
  sipPortInUse: {
    title: 'The SIP port 5060 is held by {owner}',
    explanation:
      'The checker needs the SIP port free to test it, and {owner} is using it. It is normally the PBX itself: its services must be stopped for the duration of the check, which makes the phone system unavailable.',
    remediation: [
      'Let the app stop the PBX services for the check and restart them afterwards (calls in progress drop), or stop them yourself.',
      'If it is not the PBX, close {owner} or stop its service, then run the check again.',
      'To confirm by hand on Windows: netstat -ano | findstr :5060, then tasklist /fi "pid eq <PID>".',
    ],
  },
  portShort: {
    PASS: 'forwarded one-to-one',
    PORT_TRANSLATED: 'the router changes the port number',
    INBOUND_NO_RESPONSE: 'no answer from the second address (no forward)',
    OUTBOUND_NO_RESPONSE: 'no answer to this port at all',
    PORT_IN_USE: 'used by another program',
    PUBLIC_IP_MISMATCH: 'left through another public address',
    MALFORMED_RESPONSE: 'unreadable or unexpected answer',
    NOT_TESTED: 'not tested',
  },
  bundle: {
    saved: 'Diagnostics bundle saved',
    failed: 'the check ran, but its diagnostics bundle could not be saved (the report above is complete)',
  },
  firewall: {
    FIREWALL_OFF: 'The firewall of this computer is off for the active network profile.',
    FIREWALL_ON: 'The firewall of this computer is on.',
    PORTS_NOT_ALLOWED: 'No firewall rule on this computer lets inbound UDP reach some of the checked ports.',
    ALLOW_RULE_PRESENT: 'A firewall rule on this computer already allows the checked ports.',
    BLOCK_RULE_FOR_PROGRAM: 'A firewall rule blocks this program; it wins over any allow rule and must be removed.',
    BLOCK_RULE_FOR_PORTS: 'A firewall rule blocks some of the checked ports; it wins over any allow rule.',
    INBOUND_RULES_IGNORED: 'The firewall blocks all incoming connections, including allowed programs and ports.',
    LOCAL_RULES_IGNORED:
      'Group Policy ignores rules added on this computer: add the rule through Group Policy instead.',
    RULES_UNKNOWN: 'The firewall rules could not be read; the state of the ports is unknown.',
    NEEDS_ROOT: 'Reading the firewall rules needs root (sudo); the state of the ports is unknown.',
    NO_FIREWALL_FOUND: 'No host firewall was found on this computer.',
  },
  preflight: {
    heading: 'Before the check',
    portsInUse: 'Ports in use on this computer',
    noPortInUse: 'None of the checked ports is in use on this computer.',
    ownersIncomplete: 'Some owners could not be seen (run as administrator or root to see every process).',
    excludedRange: 'Windows reserves these ports (binding fails with no owner)',
    pbxServices: 'PBX services',
    stopOffer:
      'They hold the ports under test: run with --stop-services to stop them for the check and restart them afterwards (calls in progress drop).',
    needsElevation: 'Stopping services needs an elevated prompt (Run as administrator) or root.',
    stopped: 'Stopped for the check',
    restarted: 'Started again',
    restartFailed: 'COULD NOT START AGAIN — run this now',
    firewall: 'Firewall of this computer',
    fixNeedsElevation: 'run in an elevated prompt (as administrator) or with sudo',
  },
};
