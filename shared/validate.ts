/**
 * Validation of run settings coming from outside (CLI flags, the GUI over IPC): every field is
 * checked and a bad one is named, so the user gets a clear error and nothing runs half-configured.
 */
import { parsePortRanges, PortSpecError } from './ports';
import type { RunSettings } from './report';
import { isIpv4 } from './address';
import { parseServerList, ServerSpecError } from './servers';
import { defaultSettings, LIMITS } from './settings';

/** A setting that cannot be used. `field` names it (`ports`, `rate`…). */
export class SettingsError extends Error {
  readonly code = 'BAD_SETTINGS';
  constructor(
    readonly field: keyof RunSettings,
    message: string,
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

function integerIn(field: 'concurrency' | 'rate' | 'timeoutMs', value: unknown): number {
  const { min, max } = LIMITS[field];
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new SettingsError(
      field,
      `${field} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`,
    );
  }
  return n;
}

/** Fills defaults and checks every field; throws SettingsError. */
export function validateSettings(input: Partial<Record<keyof RunSettings, unknown>>): RunSettings {
  const defaults = defaultSettings();
  const stun = input.stun ?? defaults.stun;
  if (!Array.isArray(stun) || !stun.every((s) => typeof s === 'string')) {
    throw new SettingsError('stun', 'the STUN server list must be a list of names');
  }
  try {
    parseServerList(stun);
  } catch (error) {
    if (error instanceof ServerSpecError) throw new SettingsError('stun', error.message);
    throw error;
  }
  const ports = input.ports ?? defaults.ports;
  if (typeof ports !== 'string') throw new SettingsError('ports', 'the port list must be text like 5060,9000-10999');
  try {
    parsePortRanges(ports); // ranges only: validating never expands a list port by port
  } catch (error) {
    if (error instanceof PortSpecError) throw new SettingsError('ports', error.message);
    throw error;
  }
  const publicIp = input.publicIp ?? null;
  if (publicIp !== null && (typeof publicIp !== 'string' || !isIpv4(publicIp.trim()))) {
    // Strict form only: 127.000.0.1 or 127.1 would otherwise be compared with what the server saw.
    throw new SettingsError(
      'publicIp',
      `"${String(publicIp)}" is not an IPv4 address (four numbers 0–255 without leading zeros, like 203.0.113.5)`,
    );
  }
  const order = input.order ?? defaults.order;
  if (order !== 'sequential' && order !== 'shuffled') {
    throw new SettingsError('order', `order must be "sequential" or "shuffled" (got ${JSON.stringify(order)})`);
  }
  return {
    stun: stun.map((s) => s.trim()).filter((s) => s !== ''),
    ports: ports.trim(),
    publicIp: publicIp === null ? null : publicIp.trim(),
    concurrency: integerIn('concurrency', input.concurrency ?? defaults.concurrency),
    rate: integerIn('rate', input.rate ?? defaults.rate),
    timeoutMs: integerIn('timeoutMs', input.timeoutMs ?? defaults.timeoutMs),
    order,
  };
}
