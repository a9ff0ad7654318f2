/**
 * Builds the server's STUN answers within a size budget. RFC 5389 §7.3.1 (success: XOR-MAPPED-
 * ADDRESS §15.2, MAPPED-ADDRESS §15.1, SOFTWARE §15.10, FINGERPRINT §15.5; errors: ERROR-CODE
 * §15.6, UNKNOWN-ATTRIBUTES §15.9), RFC 5780 §7.3–7.4 (RESPONSE-ORIGIN, OTHER-ADDRESS) and RFC 3489
 * §11.2 (MAPPED-ADDRESS, SOURCE-ADDRESS and CHANGED-ADDRESS, all three mandatory for old clients).
 *
 * Amplification: an answer is at most `maxFactor` × its request. The mandatory attributes alone
 * take at most 2.8× (a 20-byte request: 32 bytes with the cookie, 56 without); the optional ones
 * are added in priority order while they fit, so a client that wants everything sends a larger
 * request (36 bytes get them all; e.g. with PADDING, RFC 5780 §7.6, or SOFTWARE).
 */
import { Attr, MessageType } from '../engine/stun/constants';
import {
  attributeSize,
  encodeAddress,
  encodeErrorCode,
  encodeMessage,
  encodeUnknownAttributes,
  FINGERPRINT_SIZE,
  hasMagicCookie,
  type OutAttribute,
} from '../engine/stun/encode-response';
import {
  encodeCapabilities,
  encodeConnectResult,
  VfcAttr,
  type Capabilities,
  type ConnectStatusCode,
} from './vfc-protocol';

/** One of the four sockets: IP (Primary/Alternate) then port (Primary/Alternate). */
export type SocketId = 'PP' | 'PA' | 'AP' | 'AA';

/** RFC 5780 §7.3 RESPONSE-ORIGIN. */
const RESPONSE_ORIGIN = 0x802b;
/** RFC 3489 §11.2.5 SOURCE-ADDRESS. */
const SOURCE_ADDRESS = 0x0004;

/** The server's addresses and what it says about itself. */
export interface ServerLayout {
  primary: string;
  alternate: string;
  port: number;
  altPort: number;
  /** Public addresses to advertise instead (one-to-one NAT in front of a cloud machine). */
  advertisePrimary: string | null;
  advertiseAlternate: string | null;
  software: string;
  capabilities: Capabilities | null;
  /** Largest answer allowed, as a multiple of the request's size. */
  maxFactor: number;
}

/** The address and port of one socket, as bound (advertised: false) or as advertised. */
export function socketEndpoint(
  layout: ServerLayout,
  id: SocketId,
  advertised: boolean,
): { address: string; port: number } {
  const primary = (advertised && layout.advertisePrimary) || layout.primary;
  const alternate = (advertised && layout.advertiseAlternate) || layout.alternate;
  return { address: id[0] === 'P' ? primary : alternate, port: id[1] === 'P' ? layout.port : layout.altPort };
}

/** Picks the optional attributes that fit after the mandatory ones, in order. */
function fit(base: number, optional: readonly OutAttribute[], budget: number): OutAttribute[] {
  const out: OutAttribute[] = [];
  let size = base;
  for (const attr of optional) {
    const add = attributeSize(attr.value.length);
    if (size + add > budget) continue;
    out.push(attr);
    size += add;
  }
  return out;
}

const sizeOf = (attrs: readonly OutAttribute[]): number =>
  20 + attrs.reduce((n, a) => n + attributeSize(a.value.length), 0);

/** Details of a success answer. */
export interface SuccessContext {
  source: { address: string; port: number };
  arrivedOn: SocketId;
  via: SocketId;
  /** The request carried FINGERPRINT: the answer carries it first among the optional ones. */
  fingerprint: boolean;
}

/** A Binding success response (RFC 5389 §7.3.1 / RFC 3489 §8.2) within the size budget. */
export function buildSuccess(request: Buffer, ctx: SuccessContext, layout: ServerLayout): Buffer {
  const head = request.subarray(4, 20);
  const budget = Math.floor(layout.maxFactor * request.length);
  // OTHER-ADDRESS / CHANGED-ADDRESS: differs in both IP and port from where the request arrived.
  const otherId = `${ctx.arrivedOn[0] === 'P' ? 'A' : 'P'}${ctx.arrivedOn[1] === 'P' ? 'A' : 'P'}` as SocketId;
  const other = encodeAddress(socketEndpoint(layout, otherId, true));
  const origin = encodeAddress(socketEndpoint(layout, ctx.via, true));
  const software = { type: Attr.Software, value: Buffer.from(layout.software, 'utf8') };
  if (!hasMagicCookie(request)) {
    const mandatory = [
      { type: Attr.MappedAddress, value: encodeAddress(ctx.source) },
      { type: SOURCE_ADDRESS, value: origin },
      { type: Attr.ChangedAddress, value: other },
    ];
    const attributes = [...mandatory, ...fit(sizeOf(mandatory), [software], budget)];
    return encodeMessage({ type: MessageType.BindingSuccess, head, attributes });
  }
  const mandatory = [{ type: Attr.XorMappedAddress, value: encodeAddress(ctx.source, head) }];
  const reserve = ctx.fingerprint ? FINGERPRINT_SIZE : 0;
  const optional: OutAttribute[] = [
    { type: Attr.OtherAddress, value: other },
    { type: Attr.MappedAddress, value: encodeAddress(ctx.source) },
    { type: RESPONSE_ORIGIN, value: origin },
    ...(layout.capabilities ? [{ type: VfcAttr.Capabilities, value: encodeCapabilities(layout.capabilities) }] : []),
    software,
  ];
  const attributes = [...mandatory, ...fit(sizeOf(mandatory) + reserve, optional, budget)];
  const fingerprint = ctx.fingerprint || sizeOf(attributes) + FINGERPRINT_SIZE <= budget;
  return encodeMessage({ type: MessageType.BindingSuccess, head, attributes, fingerprint });
}

const REASONS = { 400: 'Bad Request', 420: 'Unknown Attribute' } as const;

/** An error response (RFC 5389 §7.3.1, §15.6) for the request's method, within the budget. */
export function buildError(
  request: Buffer,
  type: number,
  code: 400 | 420,
  unknown: readonly number[],
  layout: ServerLayout,
): Buffer {
  const head = request.subarray(4, 20);
  const budget = Math.floor(layout.maxFactor * request.length);
  const errorAttr = { type: Attr.ErrorCode, value: encodeErrorCode(code, REASONS[code]) };
  // Each unknown attribute took 4+ bytes of the request and costs 2 here, so the list always fits;
  // it is still capped, as RFC 5389 §15.9 does not require every type to be listed.
  const listed = unknown.slice(0, 16);
  const mandatory: OutAttribute[] =
    code === 420 ? [errorAttr, { type: 0x000a, value: encodeUnknownAttributes(listed) }] : [errorAttr];
  const cookie = hasMagicCookie(request);
  const software = { type: Attr.Software, value: Buffer.from(layout.software, 'utf8') };
  const attributes = [...mandatory, ...fit(sizeOf(mandatory), [software], budget)];
  const fingerprint = cookie && sizeOf(attributes) + FINGERPRINT_SIZE <= budget;
  return encodeMessage({ type: (type & ~0x0110) | 0x0110, head, attributes, fingerprint });
}

/** The answer to a VFC-CONNECT-BACK request (over TCP: no size budget needed, the source is real). */
export function buildConnectBackAnswer(
  request: Buffer,
  source: { address: string; port: number },
  results: readonly { port: number; status: ConnectStatusCode }[],
  layout: ServerLayout,
): Buffer {
  const head = request.subarray(4, 20);
  return encodeMessage({
    type: MessageType.BindingSuccess,
    head,
    attributes: [
      { type: Attr.XorMappedAddress, value: encodeAddress(source, head) },
      { type: VfcAttr.ConnectResult, value: encodeConnectResult(results) },
      { type: Attr.Software, value: Buffer.from(layout.software, 'utf8') },
    ],
    fingerprint: true,
  });
}
