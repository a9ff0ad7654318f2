/**
 * A UdpSocket driven by the test: it records what the engine sends and delivers whatever datagram
 * the test hands it, from any source. For transaction tests that need no network at all.
 */
import type { Clock } from '../../main/engine/clock';
import type { Endpoint } from '../../main/engine/stun/codec';
import type { Datagram, UdpSocket } from '../../main/engine/transport';
import {
  ATTR,
  addressValue,
  encodeMessage,
  errorCodeValue,
  TYPE,
  xorAddressValue,
  type RawAttribute,
} from './stun-server';

/** One datagram the engine sent. */
export interface ScriptedSend {
  at: number;
  data: Buffer;
  to: Endpoint;
}

/** A socket whose network is the test. */
export class ScriptedSocket implements UdpSocket {
  readonly sent: ScriptedSend[] = [];
  closed = false;
  /** What `send` resolves with for the n-th datagram (0-based); null: sent. May throw. */
  sendResult: (index: number) => string | null = () => null;
  private readonly handlers = new Set<(datagram: Datagram) => void>();

  constructor(
    private readonly clock: Clock,
    readonly localPort = 9000,
  ) {}

  send(data: Buffer, to: Endpoint): Promise<string | null> {
    const index = this.sent.length;
    this.sent.push({ at: this.clock.now(), data: Buffer.from(data), to: { ...to } });
    try {
      return Promise.resolve(this.sendResult(index));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  onMessage(handler: (datagram: Datagram) => void): () => void {
    this.handlers.add(handler);
    return () => {
      this.handlers.delete(handler);
    };
  }

  close(): void {
    this.closed = true;
    this.handlers.clear();
  }

  /** Handlers still subscribed. */
  get listeners(): number {
    return this.handlers.size;
  }

  /** Delivers `data` as if it came from `from`. */
  deliver(data: Buffer, from: Endpoint): void {
    for (const handler of [...this.handlers]) handler({ data, from: { ...from } });
  }

  /** The n-th datagram sent (0-based); throws when there is none, so a test cannot answer nothing. */
  request(index = 0): Buffer {
    const sent = this.sent[index];
    if (!sent) throw new Error(`only ${this.sent.length} datagram(s) sent`);
    return sent.data;
  }
}

/** A Binding success answering `request`, with XOR-MAPPED-ADDRESS `mapped` and more attributes. */
export function successFor(request: Buffer, mapped: Endpoint, extra: RawAttribute[] = []): Buffer {
  return encodeMessage({
    type: TYPE.BINDING_SUCCESS,
    cookieAndId: request.subarray(4, 20),
    attributes: [{ type: ATTR.XOR_MAPPED_ADDRESS, value: xorAddressValue(mapped, request.subarray(4, 8)) }, ...extra],
  });
}

/** A Binding error answering `request`. */
export function errorFor(request: Buffer, code: number, reason = 'error'): Buffer {
  return encodeMessage({
    type: TYPE.BINDING_ERROR,
    cookieAndId: request.subarray(4, 20),
    attributes: [{ type: ATTR.ERROR_CODE, value: errorCodeValue(code, reason) }],
  });
}

/** OTHER-ADDRESS as an extra attribute. */
export const otherAddress = (endpoint: Endpoint): RawAttribute => ({
  type: ATTR.OTHER_ADDRESS,
  value: addressValue(endpoint),
});
