/**
 * The server's STUN logic as one pure function: a request, where it came from and which of the
 * four sockets it reached -> the answer and the socket to send it from, or a reason to stay
 * silent. RFC 5389 §7.3 (receiving a request), RFC 5780 §6.1 (CHANGE-REQUEST, OTHER-ADDRESS,
 * RESPONSE-ORIGIN) and RFC 3489 §8.2 (classic clients: MAPPED-, SOURCE-, CHANGED-ADDRESS).
 * Decoding goes through the engine's strict framing checks (main/engine/stun/framing.ts).
 *
 * Safety rules, all enforced here:
 * - the answer always goes to the request's source; RESPONSE-ADDRESS (0x0002, RFC 3489 §11.2.2)
 *   and RESPONSE-PORT (0x0027, RFC 5780 §7.5) are not implemented and therefore answered with
 *   420 listing them (RFC 5389 §7.3.1), the standard "not supported" signal, sent to the source;
 * - the answer is at most `maxFactor` × the request's size: attributes beyond the mandatory ones
 *   are added by priority while they fit (see stun-answer.ts);
 * - nothing that is not a sane STUN request header is ever answered.
 */
import { Attr, ChangeFlag, HEADER_LENGTH, MessageType } from '../engine/stun/constants';
import { hasMagicCookie } from '../engine/stun/encode-response';
import { checkFingerprint, checkFraming, readAttributes } from '../engine/stun/framing';
import { buildError, buildSuccess, type ServerLayout, type SocketId } from './stun-answer';
import { decodeConnectBack, VfcAttr, type ConnectBackRequest } from './vfc-protocol';

export type { ServerLayout, SocketId } from './stun-answer';

/** RFC 5780 §7.6 PADDING: understood, and ignored (we do not pad answers). */
const PADDING = 0x0026;
/** Comprehension-required attributes a request may carry here; any other one gets a 420. */
const UNDERSTOOD = new Set<number>([Attr.ChangeRequest, PADDING]);

/** Why a datagram got no answer. */
export type DropReason = 'not-stun' | 'not-request' | 'bad-fingerprint';

/** What to do with one request. */
export type StunOutcome =
  | { kind: 'answer'; via: SocketId; data: Buffer; status: 200 | 400 | 420 }
  | { kind: 'connect-back'; request: ConnectBackRequest }
  | { kind: 'drop'; reason: DropReason };

/** Where a request came from and how. */
export interface RequestContext {
  source: { address: string; port: number };
  arrivedOn: SocketId;
  transport: 'udp' | 'tcp';
}

/** RFC 5389 §6: the class bits C1 (0x0100) and C0 (0x0010) are both 0 for a request. */
function isRequest(type: number): boolean {
  return (type & 0x0110) === 0;
}

/**
 * Handles one datagram (or one TCP-framed message). Silent unless the header is a sane STUN
 * request: 20+ bytes, top bits 0, request class, length a multiple of 4 matching the datagram,
 * and either the magic cookie or (RFC 3489 §11.1, no cookie) the Binding method.
 */
export function handleStunRequest(datagram: Buffer, ctx: RequestContext, layout: ServerLayout): StunOutcome {
  if (datagram.length < HEADER_LENGTH || (datagram[0]! & 0xc0) !== 0) return { kind: 'drop', reason: 'not-stun' };
  const type = datagram.readUInt16BE(0);
  const length = datagram.readUInt16BE(2);
  if (length % 4 !== 0 || length !== datagram.length - HEADER_LENGTH) return { kind: 'drop', reason: 'not-stun' };
  const cookie = hasMagicCookie(datagram);
  if (!cookie && type !== MessageType.BindingRequest) return { kind: 'drop', reason: 'not-stun' };
  if (!isRequest(type)) return { kind: 'drop', reason: 'not-request' };
  const error = (code: 400 | 420, unknown: number[] = []): StunOutcome => ({
    kind: 'answer',
    via: ctx.arrivedOn,
    data: buildError(datagram, type, code, unknown, layout),
    status: code,
  });

  // A broken attribute layout behind a sane header: 400 Bad Request, "the request was malformed" (RFC 5389 §15.6).
  if (checkFraming(datagram)) return error(400);
  const attrs = readAttributes(datagram);
  // RFC 5389 §7.3: a FINGERPRINT that does not match means "not STUN for us": discard.
  if (cookie && checkFingerprint(datagram, attrs)) return { kind: 'drop', reason: 'bad-fingerprint' };
  // A method other than Binding: 400 Bad Request (RFC 5389 §15.6), we implement no other.
  if (type !== MessageType.BindingRequest) return error(400);

  const unknown = [...new Set(attrs.filter((a) => a.type < 0x8000 && !UNDERSTOOD.has(a.type)).map((a) => a.type))];
  if (unknown.length > 0) return error(420, unknown);

  const change = attrs.find((a) => a.type === Attr.ChangeRequest);
  let flags = 0;
  if (change) {
    // RFC 5780 §7.2: a 4-byte value; over TCP the answer cannot come from another socket.
    if (change.value.length !== 4 || ctx.transport === 'tcp') return error(400);
    flags = change.value.readUInt32BE(0) & (ChangeFlag.Ip | ChangeFlag.Port);
  }

  const connect = attrs.find((a) => a.type === VfcAttr.ConnectBack);
  if (connect && cookie && ctx.transport === 'tcp') {
    const request = decodeConnectBack(connect.value);
    return request ? { kind: 'connect-back', request } : error(400);
  }
  // Elsewhere (UDP, where the source could be forged) VFC-CONNECT-BACK is an optional attribute: ignored.

  const via = changeSocket(ctx.arrivedOn, (flags & ChangeFlag.Ip) !== 0, (flags & ChangeFlag.Port) !== 0);
  const fingerprint = cookie && attrs.some((a) => a.type === Attr.Fingerprint);
  return {
    kind: 'answer',
    via,
    data: buildSuccess(datagram, { ...ctx, via, fingerprint }, layout),
    status: 200,
  };
}

/** RFC 5780 §6.1: the socket that differs in IP and/or port from the one the request reached. */
export function changeSocket(from: SocketId, ip: boolean, port: boolean): SocketId {
  const flip = (c: string): string => (c === 'P' ? 'A' : 'P');
  const ipPart = ip ? flip(from[0]!) : from[0]!;
  const portPart = port ? flip(from[1]!) : from[1]!;
  return `${ipPart}${portPart}` as SocketId;
}
