/** A server layout on documentation addresses (RFC 5737) for the server's unit tests. */
import type { ServerLayout } from '../../../main/server/stun-handler';

/** Primary 192.0.2.1, alternate 192.0.2.2, ports 3478/3479, every capability on. */
export const LAYOUT: ServerLayout = {
  primary: '192.0.2.1',
  alternate: '192.0.2.2',
  port: 3478,
  altPort: 3479,
  advertisePrimary: null,
  advertiseAlternate: null,
  software: 'voip-fwcheck',
  capabilities: {
    version: 1,
    sipUdp: true,
    sipTcp: true,
    connectBack: true,
    sipPort: 5060,
    controlPort: 3478,
    allowedPorts: [5060, 5061, 5090],
  },
  maxFactor: 3,
};
