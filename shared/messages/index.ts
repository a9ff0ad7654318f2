/**
 * The message catalogs and the small helpers to use them.
 */
import type { Catalog } from '../catalog-types';
import type { Language, WarningCode } from '../codes';
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

/** A run warning in `lang`. */
export function warningText(
  warning: { code: WarningCode; ports: number; addresses: readonly string[] },
  lang: Language,
): string {
  return format(catalogs[lang].warnings[warning.code], {
    ports: String(warning.ports),
    addresses: warning.addresses.join(', '),
  });
}
