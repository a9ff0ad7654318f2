/**
 * Minimal hand-written declarations for the parts of `@msimerson/stun` we use: it ships no types.
 * Only message creation, encoding and decoding; we never use its sockets.
 */
declare module '@msimerson/stun' {
  /** A decoded or to-be-encoded STUN attribute. */
  export interface StunAttribute {
    readonly type: number;
    readonly value: unknown;
    readonly address?: string;
    readonly port?: number;
    readonly family?: 'IPv4' | 'IPv6';
    readonly code?: number;
    readonly reason?: string;
  }
  /** A STUN message as the package models it. */
  export interface StunMessage {
    readonly type: number;
    readonly transactionId: Buffer;
    readonly attributes: StunAttribute[];
    setType(type: number): void;
    setTransactionId(id: Buffer): boolean;
    addAttribute(type: number, ...args: unknown[]): StunAttribute;
    getAttribute(type: number): StunAttribute | undefined;
    toBuffer(): Buffer;
  }
  export function createMessage(type: number, transaction?: Buffer): StunMessage;
  export function createTransaction(): Buffer;
  export function encode(message: StunMessage): Buffer;
  export function decode(message: Buffer): StunMessage;
  export function validateFingerprint(message: StunMessage): boolean;
  export const constants: Record<string, number>;
}
