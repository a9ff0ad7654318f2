/**
 * Minimal hand-written declarations for the parts of `@msimerson/stun` we use: it ships no types.
 * Only building a request; responses are read by our own decoder (main/engine/stun/codec.ts).
 */
declare module '@msimerson/stun' {
  /** A STUN message being built. */
  export interface StunMessage {
    addAttribute(type: number, ...args: unknown[]): unknown;
    toBuffer(): Buffer;
  }
  /** A message of `type` with the 12-byte `transaction` ID (RFC 5389 §6). */
  export function createMessage(type: number, transaction?: Buffer): StunMessage;
}
