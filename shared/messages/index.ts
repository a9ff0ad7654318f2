/**
 * The message catalogs and the small helpers to use them.
 */
import type { Catalog, CodeText, ScanRetest } from '../catalog-types';
import { isUntested, type Language, type PortCode, type RunCode, type WarningCode } from '../codes';
import { en } from './en';
import { fr } from './fr';

/** Every catalog, by language. */
export const catalogs: Record<Language, Catalog> = { en, fr };

/** The catalog for `lang`. */
export function messages(lang: Language): Catalog {
  return catalogs[lang];
}

/** Replaces `{name}` placeholders; throws when a placeholder has no value, so no text ships half-filled. */
export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in "${template}"`);
    return value;
  });
}

/**
 * A run warning in `lang`. `values` fill the warning's own placeholders (SCAN_PROTECTION_TRIPPED:
 * onsetPort, onsetSeconds, newPorts, how and what `how` names: burst, blockedSeconds, server).
 */
export function warningText(
  warning: {
    code: WarningCode;
    ports: number;
    addresses: readonly string[];
    values?: Readonly<Record<string, string>>;
  },
  lang: Language,
): string {
  const values: Record<string, string> = {
    ...warning.values,
    ports: String(warning.ports),
    addresses: warning.addresses.join(', '),
  };
  const how = warning.values?.how;
  if (how !== undefined && Object.hasOwn(catalogs[lang].scanRetest, how)) {
    values.how = format(catalogs[lang].scanRetest[how as ScanRetest], values);
  }
  return format(catalogs[lang].warnings[warning.code], values);
}

/**
 * The text for a run's verdict. ALL_FAILED where every port was held by another program (none
 * could be opened, so the router was never tested) gets its own wording; the code stays ALL_FAILED.
 */
export function runText(report: { code: RunCode; ports: readonly { code: PortCode }[] }, lang: Language): CodeText {
  const catalog = catalogs[lang];
  const tested = report.ports.filter((p) => !isUntested(p.code));
  if (report.code === 'ALL_FAILED' && tested.length > 0 && tested.every((p) => p.code === 'PORT_IN_USE'))
    return catalog.allPortsInUse;
  return catalog.runs[report.code];
}
