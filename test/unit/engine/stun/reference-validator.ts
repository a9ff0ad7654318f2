/**
 * An independent, deliberately plain reading of RFC 5389 for the fuzz tests: which Binding
 * responses a client must reject, and what an accepted one says. Written from the RFC with a
 * DataView, sharing no code with main/engine/stun, so the two can disagree.
 */
import { crc32 } from 'node:zlib';

/** What an accepted answer says (addresses as text, compared as values by the caller). */
export interface ReferenceAnswer {
  kind: 'success' | 'error';
  xorMapped: { address: string; port: number } | null;
  mapped: { address: string; port: number } | null;
  other: { address: string; port: number } | null;
  errorCode: number | null;
}

interface Attr {
  type: number;
  start: number;
  length: number;
}

// RFC 3489 §11.2, RFC 5389 §18.2, RFC 8489 §18.3, RFC 5780 §7: comprehension-required types known.
const KNOWN = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x14, 0x15, 0x1c, 0x1d, 0x1e, 0x20, 0x26, 0x27];

function address(view: DataView, a: Attr, xorKey: Uint8Array | null): { address: string; port: number } | null {
  if (a.length !== 8 && a.length !== 20) return null;
  const family = view.getUint8(a.start + 1);
  if ((family === 1 && a.length !== 8) || (family === 2 && a.length !== 20) || (family !== 1 && family !== 2)) {
    return null;
  }
  let port = view.getUint16(a.start + 2);
  if (xorKey) port ^= 0x2112;
  const bytes: number[] = [];
  for (let i = 0; i < a.length - 4; i++) bytes.push(view.getUint8(a.start + 4 + i) ^ (xorKey ? xorKey[i]! : 0));
  if (family === 1) return { address: bytes.join('.'), port };
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return { address: groups.join(':'), port };
}

/** null: RFC 5389 says to reject the datagram as a Binding response; else what it says. */
export function referenceDecode(datagram: Uint8Array): ReferenceAnswer | null {
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  // §6: header, two zero bits, a length that is a multiple of 4 and matches the datagram.
  if (datagram.length < 20 || datagram[0]! >= 0x40) return null;
  const messageLength = view.getUint16(2);
  if (messageLength % 4 !== 0 || messageLength + 20 !== datagram.length) return null;
  const type = view.getUint16(0);
  if (type !== 0x0101 && type !== 0x0111) return null;
  // §15: type-length-value with padding to 4, ending exactly at the end.
  const attrs: Attr[] = [];
  let at = 20;
  while (at < datagram.length) {
    if (at + 4 > datagram.length) return null;
    const length = view.getUint16(at + 2);
    const next = at + 4 + Math.ceil(length / 4) * 4;
    if (next > datagram.length) return null;
    attrs.push({ type: view.getUint16(at), start: at + 4, length });
    at = next;
  }
  // §15.5: FINGERPRINT last, and right.
  const fp = attrs.findIndex((a) => a.type === 0x8028);
  if (fp >= 0) {
    const a = attrs[fp]!;
    if (fp !== attrs.length - 1 || a.length !== 4) return null;
    const expected = (crc32(datagram.subarray(0, a.start - 4)) ^ 0x5354554e) >>> 0;
    if (view.getUint32(a.start) !== expected) return null;
  }
  // §15.4: nothing after MESSAGE-INTEGRITY counts, FINGERPRINT aside.
  const mi = attrs.findIndex((a) => a.type === 0x0008);
  const counted = attrs.filter((a, i) => a.type !== 0x8028 && (mi < 0 || i <= mi));
  // §7.3: unknown comprehension-required attributes.
  if (counted.some((a) => a.type < 0x8000 && !KNOWN.includes(a.type))) return null;
  const find = (t: number) => counted.find((a) => a.type === t);
  // §7.3 / RFC 3489: no cookie, no XOR attribute.
  const hasCookie = view.getUint32(4) === 0x2112a442;
  if (!hasCookie && (find(0x0020) || find(0x8020))) return null;
  const key = datagram.subarray(4, 20);
  const read = (t: number, xor: boolean, required: boolean): { address: string; port: number } | null | 'bad' => {
    const a = find(t);
    if (!a) return null;
    const value = address(view, a, xor ? key : null);
    if (value) return value;
    return required ? 'bad' : null;
  };
  const xorMapped = read(0x0020, true, true);
  const mapped = read(0x0001, false, true);
  const changed = read(0x0005, false, true);
  if (xorMapped === 'bad' || mapped === 'bad' || changed === 'bad') return null;
  const oldXor = read(0x8020, true, false) as { address: string; port: number } | null;
  const other = read(0x802c, false, false) as { address: string; port: number } | null;
  // §15.6: class 3–6, number below 100.
  let errorCode: number | null = null;
  if (type === 0x0111) {
    const e = find(0x0009);
    if (!e || e.length < 4) return null;
    const errorClass = view.getUint8(e.start + 2) & 7;
    const number = view.getUint8(e.start + 3);
    if (errorClass < 3 || errorClass > 6 || number > 99) return null;
    errorCode = errorClass * 100 + number;
  }
  return {
    kind: type === 0x0101 ? 'success' : 'error',
    xorMapped: xorMapped ?? oldXor,
    mapped,
    other: other ?? changed,
    errorCode,
  };
}
