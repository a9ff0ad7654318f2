/**
 * English texts for every result code. Written for the person at the server, who is not
 * necessarily a network engineer: what happened, in plain words, then what to do, one action per
 * step. Commands stay as they are typed.
 */
import type { Catalog } from '../catalog-types';
import { oursEn } from './ours-en';

/** The English catalog. */
export const en: Catalog = {
  ours: oursEn,
  ports: {
    PASS: {
      title: 'Forwarded one-to-one',
      explanation:
        'The router sent this port out under the same public port number, and a packet from another internet address, which this port had never contacted, still got in (a one-to-one forward, also called full-cone NAT). VoIP works on this port: trunks, remote extensions and bridges can use it.',
      remediation: [],
    },
    PORT_TRANSLATED: {
      title: 'The router changes the port number',
      explanation:
        'Packets sent from this port reached the internet from a different public port. The PBX announces its own port numbers when it sets up a call, so a router that changes them sends providers, bridges and remote extensions to the wrong place, even when an inbound forward exists.',
      remediation: [
        'On the router, set a static port forward for this UDP port to the PBX’s LAN IP address, with the same port number outside and inside.',
        'Make outbound NAT keep the PBX’s source port: on pfSense or OPNsense, add an outbound NAT rule for the PBX with “Static Port” ticked; on other routers look for “port preservation”, “static port” or “consistent NAT”, or turn off “randomize source port”.',
        'Turn off SIP ALG, “SIP helper”, “SIP passthrough” or any other application-level gateway for SIP: it rewrites addresses and ports inside SIP messages, and the PBX handles NAT by itself.',
        'If two routers sit one behind the other (for example the provider’s box in front of your firewall), put the first one in bridge mode, or forward the same ports, unchanged, on both.',
        'Run the check again.',
      ],
    },
    INBOUND_NO_RESPONSE: {
      title: 'No inbound forward',
      explanation:
        'Packets from this port reach the internet with the right port number. But the STUN server’s answer from its second IP address, one this port never sent anything to, did not arrive: only a port forward lets such a packet in. So the router has no one-to-one forward for this port, or its port-scan protection threw the packet away. Providers and remote extensions cannot reach the PBX on this port: calls may have no audio or never ring.',
      remediation: [
        'On the router or firewall, forward this UDP port to the PBX machine’s own LAN IP address, with the same port number outside and inside, as a static rule.',
        'Where the PBX also uses TCP on a port (SIP on 5060, SIP over TLS on 5061, the 3CX tunnel on 5090), forward TCP as well: this check only tests UDP.',
        'Open the forward rule and compare its destination with this machine’s IP address: a rule aimed at another machine, or at an old address handed out by DHCP, does not count.',
        'A router’s port-scan or flood protection should not cause this result: the check notices when it reacts, re-tests slowly and says so in a warning. So if the failures start at a certain port, look for a forward range that stops there.',
        'Check that the firewall on this computer lets inbound UDP in on this port (the “Firewall of this computer” section shows what was found).',
      ],
    },
    OUTBOUND_NO_RESPONSE: {
      title: 'No answer on this port',
      explanation:
        'The STUN server answered requests from other ports of this machine, but never one sent from this port. Something between the PBX and the internet drops traffic from this port: a rule on the router, the firewall or a security suite on this computer, or the internet provider.',
      remediation: [
        'On the router or firewall, allow this machine to send from this port to the internet, over UDP and, on ports where the PBX also uses TCP, over TCP too.',
        'Check the firewall on this computer (Windows Defender Firewall, ufw, firewalld, nftables…): no rule may block this port, in either direction.',
        'Antivirus and “internet security” suites filter network traffic as well: pause yours and run the check again; if nothing changes, uninstall it for the test, as some keep filtering while paused.',
        'Some internet providers filter certain ports, SIP’s 5060 most often: ask yours, or compare with a check from another internet connection.',
        'If the failing ports change from one run to the next, the internet line itself may be unreliable: check the connection, then run the check again.',
      ],
    },
    PORT_IN_USE: {
      title: 'Port already taken on this computer',
      explanation:
        'The checker could not open this port because another program on this computer already holds it, so the port was not tested. The app shows that program’s name and process ID (PID) next to the port when it can see them; most often it is the PBX itself.',
      remediation: [
        'If the PBX holds the port (for 3CX: the 3CX services), its services must be stopped for the check. The app can stop them and start them again afterwards, with your consent (in the app: “Stop the PBX services during the check”; on the command line: --stop-services). The phone system is down meanwhile and calls in progress drop, so pick a quiet moment.',
        'To find the program by hand on Windows, run netstat -ano | findstr :9500 in a Command Prompt, with your port number in place of 9500; the number in the last column is the process ID (PID).',
        'Then run tasklist /fi "pid eq 4312", with that PID in place of 4312, to get the program’s name (the Details tab of Task Manager shows it too).',
        "On Linux, run ss -ulpn 'sport = :9500', with your port number in place of 9500, to see the program and its PID; run it as root (sudo) to see other users’ programs.",
        'If Windows shows no owner at all, the port may lie in a range Windows reserves for itself (Hyper-V, WSL, Docker): netsh interface ipv4 show excludedportrange protocol=udp lists those ranges.',
        'Stop or close the program that holds the port, then run the check again.',
      ],
    },
    PUBLIC_IP_MISMATCH: {
      title: 'Left through another public address',
      explanation:
        'The STUN server saw this port arrive from a public IP address other than the one you entered as expected. Either that address is out of date, or this traffic leaves through another internet line, another router or a VPN, where your forwards do not apply; a router with several lines may even pick a different line for some ports only.',
      remediation: [
        'Check the expected public IP: compare it with the WAN address on the router’s status page (a line without a fixed address can change).',
        'On a router with several internet lines (multi-WAN, load balancing, failover), add a rule that sends all of the PBX’s traffic out through the line whose address you entered, and set up the forwards on that line.',
        'Look for a VPN client, a proxy or a second network card on this machine, or a second router on the network, that sends traffic out another way.',
        'Run the check again; leave the expected public IP empty if you only want to test the forwarding.',
      ],
    },
    MALFORMED_RESPONSE: {
      title: 'Unreadable or unexpected answer',
      explanation:
        'The answer for this port was not valid STUN, was an error, or came from an address that had no reason to answer (for example the STUN server’s main address, when the answer was due from another of its addresses). Something on the path rewrites or answers these packets, typically a SIP ALG (“SIP helper”, application-level gateway) or a transparent proxy.',
      remediation: [
        'Turn off SIP ALG, “SIP helper” or any application-level gateway for SIP on the router or firewall; some routers only apply the change after a restart.',
        'Turn off transparent proxies, deep packet inspection and “VoIP optimisation” features for the PBX’s traffic.',
        'Run the check again; if the same ports fail, try another STUN server to rule the server out.',
      ],
    },
    NOT_TESTED: {
      title: 'Not tested',
      explanation:
        'This port was not checked: the check was cancelled or stopped before it got there, or the port was skipped. The result says nothing about its forward.',
      remediation: ['Run the check again, and let it finish, to test this port.'],
    },
    SCAN_BLOCKED: {
      title: 'Not tested: blocked by the router’s scan protection',
      explanation:
        'The router’s port-scan or flood protection took the check for an attack and kept blocking the packets the STUN server sends from its second IP address, one this port never sent anything to, for longer than the check could wait, so this port could not be tested. The result says nothing about its forward.',
      remediation: [
        'On the router or firewall, turn off port-scan and flood protection (“port scan detection”, “PSD”, “UDP flood”, “DoS protection”) for the STUN server address the warnings name, while the check runs, or add that address to its allowed list.',
        'On MikroTik, remove the address from the address list that the port-scan rule fills (IP → Firewall → Address Lists), or it stays blocked for days.',
        'Run the check again; with two or more STUN servers in the list, the check finishes through another server when one is blocked.',
      ],
    },
  },
  runs: {
    ALL_PASSED: {
      title: 'Every port is forwarded one-to-one',
      explanation:
        'Each checked port keeps its number on the way out and accepts packets from the internet. VoIP trunks, remote extensions, bridges and tunnels will work through this router, and this is the setup PBX vendors support. (The check covers UDP; TCP forwards, such as SIP over TLS, are not tested.)',
      remediation: [],
    },
    SOME_FAILED: {
      title: 'Some ports are not forwarded correctly',
      explanation:
        'Some ports passed and others did not. Calls that happen to use a failing port can ring without audio or not connect at all, which makes the problem look random.',
      remediation: [
        'Look at the failed ranges: the label next to each one says what went wrong there.',
        'Set up a static one-to-one forward for exactly those ports (UDP, same number outside and inside).',
        'Aim every forward at this PBX’s own LAN IP address: a rule that sends some of the ports to another machine makes exactly those ports fail.',
        'If everything fails from a certain port onwards, a forward range probably stops there. (Failures caused by the router’s port-scan protection are re-tested slowly before they are reported, and the check then says so in a warning.)',
        'Run the check again after each change.',
      ],
    },
    ALL_FAILED: {
      title: 'No port is forwarded correctly',
      explanation:
        'None of the checked ports passed. Most likely the router forwards no port to this machine at all, or forwards them to another IP address. As long as this is so, VoIP providers and remote extensions will NOT work, and PBX vendors do not support the setup.',
      remediation: [
        'Log in to the router or firewall and create static port forwards for all the PBX ports (UDP, and TCP where the PBX uses it) to this machine’s LAN IP address, with the same number outside and inside.',
        'If forwards already exist, check that they are enabled, point to this machine’s current IP address and belong to the internet line actually in use.',
        'Look at the failure type of each range: it tells whether the forward, the port number or outbound traffic is the problem.',
        'Run the check again.',
      ],
    },
    DNS_FAILED: {
      title: 'The STUN server’s name could not be resolved',
      explanation:
        'This computer could not turn the STUN server’s name into an IP address. Either DNS is not working on this computer or its network, or the name is misspelt or belongs to a server that has been retired.',
      remediation: [
        'Test name resolution on this computer: run nslookup followed by the server’s name, or open any website by its name.',
        'If no name resolves, check the DNS servers in this computer’s network settings, and that the firewall lets it reach them.',
        'Check the spelling of the server name.',
        'Enter the server by its IP address instead, or choose another server (restoring the default list is the quickest way).',
      ],
    },
    STUN_UNREACHABLE: {
      title: 'No STUN server answered',
      explanation:
        'None of the configured STUN servers answered, even from a temporary port that needs no forward, so no port could be checked. The likely reasons are the internet connection, outbound UDP to the server’s port being blocked, a wrong server name or port, or a server that is down.',
      remediation: [
        'On this computer itself (not the one you are connecting from), load any web page: if that fails, fix the internet access first.',
        'Make sure the router, the firewall on this computer and any security suite allow outbound UDP to the STUN server’s port (3478 unless the server says otherwise).',
        'Check the server entries: 3478 is the usual port, but a server may listen on another one, written as name:port.',
        'The server may simply be down: choose another STUN server, or restore the default list, which holds several.',
      ],
    },
    NO_SECOND_ADDRESS: {
      title: 'The STUN server cannot test forwards (it has only one usable address)',
      explanation:
        'The server answered, but cannot send from a second IP address: it advertises none, or one that cannot be used (0.0.0.0, its own main IP, a private address), that address stays silent, or it turns down the request with error 420. A forward is tested by an answer from an address this port never sent anything to, which only a port forward lets in; without a second address, the server cannot tell whether ports are forwarded.',
      remediation: [
        'Choose another STUN server, one with two IP addresses that can answer from either (RFC 5780); the app’s default list holds only such servers, so restoring it is the quickest fix.',
        'If the server is your own, give it two public IP addresses and let it answer from the other one when asked (RFC 5780), for example coturn listening on both.',
        'Run the check again.',
      ],
    },
    CHANGE_REQUEST_IGNORED: {
      title: 'The STUN server always answers from the same address',
      explanation:
        'The server advertises a second IP address, but when asked to answer from it, it answers from its main address instead. The check needs an answer from an address this port never sent anything to, since only a port forward lets that in; an answer from the main address gets in anyway, so every port would look forwarded. The check stopped rather than report a false success. Many large public servers, Google’s among them, cannot answer from another address.',
      remediation: [
        'Choose another STUN server, one with two IP addresses that answers from either when asked (RFC 5780); the app’s default list holds only such servers.',
        'Run the check again.',
      ],
    },
    STUN_MALFORMED: {
      title: 'The STUN servers sent unreadable answers',
      explanation:
        'What came back from the configured servers was not valid STUN. Another kind of service may be listening on that port, a device on the path may alter the packets (a SIP ALG, the router feature that rewrites SIP, or a transparent proxy), or the server is faulty.',
      remediation: [
        'Check the server names and ports: the port must be a STUN port (usually 3478), not a SIP or web port.',
        'Turn off SIP ALG (“SIP helper”, the feature that rewrites SIP) and transparent-proxy features on the router, and check that the firewall neither alters nor blocks the packets.',
        'Choose another STUN server, or restore the default list, and run the check again.',
      ],
    },
    CANCELLED: {
      title: 'The check was stopped',
      explanation:
        'The check was stopped before it finished. The results so far are kept, and the ports it did not reach are marked “not tested”.',
      remediation: [
        'Run the check again and let it finish to test every port. At the normal pace, the default ports take under a minute when they pass and a few minutes when they fail.',
      ],
    },
  },
  allPortsInUse: {
    title: 'Every port is taken on this computer: nothing was tested',
    explanation:
      'Other programs on this computer hold every port of the check, so not one could be opened and the router was never tested. This says nothing about the router yet. Usually the PBX itself holds the ports because it is running.',
    remediation: [
      'Look at the owners listed for the ports: the program name and process ID (PID) say who holds them.',
      'If it is the PBX, let the app stop its services for the duration of the check (in the app: “Stop the PBX services during the check”; on the command line: --stop-services). Calls in progress drop, so pick a quiet moment.',
      'Otherwise close the program that holds the ports, then run the check again.',
    ],
  },
  sipPortInUse: {
    title: 'The SIP port 5060 is held by {owner}',
    explanation:
      'To test the SIP port, the checker must open it itself, and {owner} has it open. It is normally the PBX: its services have to be stopped for the length of the check, and the phone system is unavailable until they start again.',
    remediation: [
      'Let the app stop the PBX services (for 3CX: the 3CX services) for the check and start them again afterwards, or stop them yourself; calls in progress drop. Stopping services needs an administrator prompt or root.',
      'If {owner} is not the PBX, close it or stop its service, then run the check again.',
      'To confirm by hand on Windows, run netstat -ano | findstr :5060, then tasklist /fi "pid eq 4312" with the PID from the last column in place of 4312; on Linux, run ss -ulpn \'sport = :5060\' as root.',
    ],
  },
  portShort: {
    PASS: 'forwarded one-to-one',
    PORT_TRANSLATED: 'port number changed by the router',
    INBOUND_NO_RESPONSE: 'no forward (packets from outside do not get in)',
    OUTBOUND_NO_RESPONSE: 'no answer at all from this port',
    PORT_IN_USE: 'held by another program',
    PUBLIC_IP_MISMATCH: 'left through another public address',
    MALFORMED_RESPONSE: 'unreadable or unexpected answer',
    NOT_TESTED: 'not tested',
    SCAN_BLOCKED: 'not tested: blocked by scan protection',
  },
  warnings: {
    PORTS_NOT_TESTED:
      '{ports} port(s) could not be tested: this computer could not open that many network connections at once (it ran out of sockets). Choose a gentler pace (fewer ports at once), or raise the open-file limit (ulimit -n on Linux).',
    MAPPED_ADDRESS_REWRITTEN:
      '{ports} port(s): the two copies of the public address in the answer disagree, so a device on the path rewrites addresses inside packets. That is usually a SIP ALG in the router: turn it off.',
    SEVERAL_PUBLIC_ADDRESSES:
      'Some ports left through other public addresses ({addresses}): the router balances traffic over several internet lines (multi-WAN). Calls need one fixed public address: send the PBX’s traffic through one line only.',
    SCAN_PROTECTION_TRIPPED:
      'The router’s port-scan or flood protection reacted to the check: from port {onsetPort} ({onsetSeconds} s into the test, after {newPorts} new inbound ports) it dropped the test’s packets from {addresses}. Those failures were not reported: {how}. To check at full speed, turn off port-scan / flood protection for {addresses} during the check, or add it to the allowed list; on MikroTik, remove it from the address list.',
  },
  scanRetest: {
    paced:
      'the checker waited until packets got through again, then re-tested {ports} port(s) in small groups (at most {burst} new ports, then more than 3 s of quiet)',
    fallback:
      'the block lasted more than {blockedSeconds} s, so the checker re-tested {ports} port(s) through the server {server}, which answers from addresses that were not blocked',
    blocked:
      'the block lasted more than {blockedSeconds} s and no other server answering from another address was available: {ports} port(s) could not be tested',
  },
  bundle: {
    saved: 'Diagnostics bundle saved',
    failed: 'the check ran, but its diagnostics bundle could not be saved (the report above is complete)',
    refused: 'the diagnostics bundle cannot be saved there, so nothing was checked',
    path: {
      FOLDER_MISSING: 'the folder {folder} does not exist',
      NOT_A_FOLDER: '{folder} is not a folder',
      NOT_WRITABLE: 'no file can be created in {folder}',
      NOT_A_REGULAR_FILE: '{path} is a special file (pipe, device or socket), not a file',
      SYMLINK: '{path} is a symbolic link; links are never followed: give the real path',
      IS_A_FOLDER: '{path} is a folder',
      EXISTS: '{path} already exists; add --force to replace it',
    },
  },
  firewall: {
    FIREWALL_OFF: 'The firewall of this computer is off for the active network profile.',
    FIREWALL_ON: 'The firewall of this computer is on.',
    PORTS_NOT_ALLOWED: 'No firewall rule on this computer lets inbound UDP reach some of the checked ports.',
    ALLOW_RULE_PRESENT: 'Firewall rules on this computer already let these checked ports in.',
    ALLOW_RULE_CONDITIONAL:
      'A firewall rule on this computer lets some checked ports in only from certain addresses or interfaces; the STUN server’s answers, and callers, may not match it.',
    BLOCK_RULE_FOR_PROGRAM: 'A firewall rule blocks this program; it wins over any allow rule and must be removed.',
    BLOCK_RULE_FOR_PORTS: 'A firewall rule blocks some of the checked ports; it wins over any allow rule.',
    INBOUND_RULES_IGNORED: 'The firewall blocks all incoming connections, including allowed programs and ports.',
    LOCAL_RULES_IGNORED:
      'Group Policy ignores rules added on this computer: add the rule through Group Policy instead.',
    RULES_UNKNOWN: 'The firewall rules could not be read; the state of the ports is unknown.',
    NEEDS_ROOT: 'Reading the firewall rules needs root (sudo); the state of the ports is unknown.',
    NO_FIREWALL_FOUND: 'No host firewall was found on this computer.',
  },
  restore: {
    pending:
      'The PBX services {services} were stopped by an earlier check (process {pid}, {time}) that never finished.',
    starting: 'Starting them again now.',
    done: 'Started again: {services}.',
    failed: 'Could not start {services}. Run this as administrator or root:',
    needsElevation:
      'Starting them needs an elevated prompt or root: run "voip-fwcheck restore-services" that way, or run:',
    running:
      'A check that is still running (process {pid}) stopped {services} at {time}; it starts them again when it ends.',
    nothing: 'No PBX service was left stopped by this program.',
    invalid: 'A stop marker was found but not trusted, so nothing was started: {reason}',
    restarting: 'Starting the PBX services again before closing…',
    ask: 'Start them again now?',
    startNow: 'Start the PBX services',
    later: 'Not now',
  },
  path: {
    heading: 'The path to the internet',
    findings: {
      CARRIER_GRADE_NAT: {
        title: 'Your internet line has no public IPv4 address of its own (carrier-grade NAT)',
        explanation:
          'The address {address} lies in 100.64.0.0/10, the range internet providers use for carrier-grade NAT: your router’s internet side is itself behind the provider’s NAT, shared with other customers. Nothing you forward on your router can reach the PBX from the internet, whatever you configure.',
        remediation: [
          'Ask your internet provider for a public IPv4 address of your own (often called “static IP”, “public IP” or “dual stack instead of DS-Lite”); some give it for free on request, some charge for it.',
          'Until then, use a SIP trunk and remote extensions that register from the PBX outwards (the PBX keeps the connection open), or a tunnel or SBC offered by your PBX vendor.',
          'Run the check again once the provider has changed the line.',
        ],
      },
      DOUBLE_NAT: {
        title: 'Two routers translate addresses, one behind the other (double NAT)',
        explanation:
          'There is a second router between your router and the internet: {address} sits on the way out and is a private address, or your router’s own internet address is not the public address the internet sees. Packets from outside reach that first device, the provider’s modem or box, and stop there unless it forwards them too.',
        remediation: [
          'Put the provider’s modem or box in bridge mode (also called “modem only” or “IP passthrough”), so your router gets the public address itself.',
          'If that is not possible, forward the same UDP ports, unchanged, on both devices: on the modem to your router’s internet address, on your router to the PBX.',
          'Run the check again.',
        ],
      },
      UPNP_MAPPINGS_ELSEWHERE: {
        title: 'UPnP on the router sends checked ports to another computer',
        explanation:
          'The router lists UPnP port mappings for {ports} that point to {hosts}, not to this computer. A mapping like that takes the packets before your own forward rule can, which explains failures on those ports.',
        remediation: [
          'In the router’s UPnP page, delete the mappings for these ports, or switch off UPnP on the device they point to (often an old PBX, a phone or a game console).',
          'Then check that your own forward rules for these ports point to this computer’s address.',
          'Run the check again.',
        ],
      },
      UPNP_ENABLED: {
        title: 'UPnP is switched on in the router',
        explanation:
          'The router answers UPnP requests: any program on the network can open ports on it without asking. Many PBX vendors advise switching it off, so that only the forward rules you set apply.',
        remediation: ['If no device on your network needs UPnP, switch it off in the router’s settings.'],
      },
      ENDPOINT_DEPENDENT_MAPPING: {
        title: 'Your router keeps the port only toward one server',
        explanation:
          'Packets sent from port {port} to one internet address left under one public port, and packets to another address under another one. The router keeps the port only toward the first destination, so providers and remote phones, which the PBX tells to use its port, reach nothing: a one-to-one forward for this port is missing, or another rule overrides it.',
        remediation: [
          'On the router, set a static one-to-one forward (same port number outside and inside) for the PBX’s ports to this computer.',
          'Make outbound NAT keep the PBX’s source port (“static port”, “port preservation”, “consistent NAT”).',
          'Run the check again.',
        ],
      },
    },
    explainsFailures: 'The section “The path to the internet” says why: {finding}.',
    mapping: {
      'endpoint-independent': 'The router keeps the same public port whatever the destination.',
      'address-dependent': 'The router gives each destination address its own public port.',
      'address-and-port-dependent': 'The router gives each destination address and port its own public port.',
    },
    hops: 'Hops toward the STUN server',
    noAnswer: 'no answer',
    router: 'The router says',
    noRouter: 'The router answered none of the protocols programs use to ask it for a forward (UPnP, NAT-PMP, PCP).',
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
  compare: {
    heading: 'Compared with the check of {when}',
    old: 'Before',
    new: 'Now',
    regression: 'Regression: {ports} port(s) that passed before fail now.',
    regressionWarnings: 'Regression: new since the earlier check: {warnings}.',
    noRegression: 'No regression: nothing that passed before fails now.',
    fixed: 'Fixed (failed before, pass now)',
    broken: 'Broken (passed before, fail now)',
    stillFailing: 'Still failing',
    notCompared: 'Not tested in one of the two checks',
    was: 'was {old}',
    nothingChanged: 'No port changed its result.',
    changed: 'What changed',
    facts: {
      code: 'Verdict',
      publicAddress: 'Public address',
      server: 'STUN server',
      sipAlg: 'SIP ALG (addresses rewritten)',
    },
    yes: 'yes',
    no: 'no',
    none: 'none',
    warningAdded: 'New warning',
    warningRemoved: 'Warning gone',
    notShared: 'Not compared',
    onlyOld: 'Checked in the earlier check only: {ports} ({count} ports)',
    onlyNew: 'Checked in this check only: {ports} ({count} ports)',
    schemas: 'The reports have different schema versions ({old}, {new}): compared on the ports and codes both hold.',
    fields: 'Not in both reports (written by another version), so not compared: {fields}.',
    notAReport: '{path} is not a check report',
    noEarlierRun: 'No earlier check in the history to compare with.',
    historyFailed: 'this check could not be added to the run history ({reason})',
    baselineRefused: 'the baseline cannot be read, so nothing was checked: {reason}',
  },
  portMap: {
    title: 'Port map',
    sections: { sip: 'SIP', tunnel: 'Tunnel', media: 'Media', other: 'Other ports' },
    summary: 'Port map of {total} UDP ports, in rows of 100.',
    legend: 'Legend',
  },
  history: {
    title: 'Earlier checks',
    empty: 'No earlier check yet: every check you run is kept here (the last 100).',
    when: 'When',
    verdict: 'Result',
    counts: 'Ports',
    countsText: '✓ {passed} passed · ✗ {failed} failed',
    notTestedText: '· {notTested} not tested',
    open: 'Open',
    compare: 'Compare with the shown check',
    shown: 'shown',
    problems: {
      NOT_FOUND: 'removed meanwhile',
      DAMAGED: 'damaged file, cannot be read',
      NOT_A_FILE: 'not a regular file, not read',
      TOO_LARGE: 'file too large, not read',
    },
    viewing: 'You are looking at an earlier check, from {when}.',
    backToLatest: 'Back to the latest check',
    unreadable: 'This check cannot be opened: {reason}',
    compareTitle: 'Before and after',
    compareWith: 'Compare with',
    previous: 'the check before it',
    noEarlier: 'No earlier check to compare with yet: run the check again after changing the router.',
    loading: 'Loading…',
    mapCell: 'Port {port}: {short} [{code}]',
    mapHint:
      'Point at a port, or focus the map and use the arrow keys (Home, End, Page Up/Down); Enter opens its result.',
    mapInWords: 'The map in words',
  },
};
