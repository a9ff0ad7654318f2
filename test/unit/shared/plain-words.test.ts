/**
 * Plain words first (issue 14): every text people read (explanations, steps, verdicts, warnings,
 * short range labels, the view's words), in English and in French, must make sense to a PBX
 * technician who has never read a STUN specification. A STUN term either does not appear at all
 * or comes with its explanation in the same text.
 */
import { describe, expect, it } from 'vitest';
import type { Language } from '../../../shared/codes';
import { catalogs } from '../../../shared/messages';
import { VIEW_WORDS } from '../../../shared/view/words';

/** [where, text] for every string under `value`; functions are called with sample arguments. */
function entries(value: unknown, where = ''): [string, string][] {
  if (typeof value === 'string') return [[where, value]];
  if (typeof value === 'function') return [[where, String((value as (...a: unknown[]) => unknown)(2, '3 s', '9 s'))]];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, v]) => entries(v, where ? `${where}.${key}` : key));
  return [];
}

/** Every people-facing text of one language, keyed by where it lives. */
const texts = (lang: Language): [string, string][] => [
  ...entries(catalogs[lang], 'catalog'),
  ...entries(VIEW_WORDS[lang], 'words'),
];

/** Terms that explain nothing to a technician: say what happens instead. */
const FORBIDDEN: readonly RegExp[] = [
  /\btest ?[12]\b/i, // "Test 1" / "le test 2": say what the test does
  /\bsymmetric NAT\b/i,
  /\bNAT symétrique\b/i,
  /CHANGE[-_ ]REQUEST/i,
  /\bdemandes? de changement\b/i,
  /\bmapped (address|port)\b/i,
  /\b(adresse|port) mappée?\b/i,
  /\bendpoint-(in)?dependent\b/i,
  /\baddress(-and-port)?-dependent\b/i,
  /\b(in)?dépendante de (la destination|l’adresse)\b/i,
  /\bhairpin/i,
  /\b(XOR-MAPPED-ADDRESS|OTHER-ADDRESS|RESPONSE-ORIGIN|MAPPED-ADDRESS)\b/,
];

/** A term allowed only when the same text also says what it means. */
const EXPLAINED: readonly { term: RegExp; explanation: RegExp }[] = [
  // The server's second IP address: why it matters is that this port never sent anything to it.
  {
    term: /\bsecond (IP )?address|\bseconde adresse/i,
    explanation: /never sent anything to|n’a jamais rien envoyé/,
  },
  { term: /\bRFC ?\d+/, explanation: /two (public )?IP addresses|deux adresses IP/ },
  {
    term: /\bALG\b/,
    explanation: /rewrit|application-level gateway|réécri|passerelle applicative/i,
  },
];

/** The jargon a text uses without saying what it means, as readable complaints. */
function jargon(text: string): string[] {
  return [
    ...FORBIDDEN.filter((term) => term.test(text)).map((term) => `uses ${String(term)}`),
    ...EXPLAINED.filter(({ term, explanation }) => term.test(text) && !explanation.test(text)).map(
      ({ term }) => `uses ${String(term)} without saying what it means`,
    ),
  ];
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('plain words', () => {
  it('the check catches a bare term and accepts it explained', () => {
    expect(jargon('Test 1 worked')).toHaveLength(1);
    expect(jargon('le test 2 a échoué')).toHaveLength(1);
    expect(jargon('a router with symmetric NAT')).toHaveLength(1);
    expect(jargon('no answer from the second address (no forward)')).toHaveLength(1);
    expect(jargon('pas de réponse de la seconde adresse')).toHaveLength(1);
    expect(jargon('Choose a server that supports RFC 5780.')).toHaveLength(1);
    expect(jargon('Turn off SIP ALG.')).toHaveLength(1);
    expect(
      jargon('its second IP address, one this port never sent anything to: only a port forward lets that in'),
    ).toEqual([]);
    expect(jargon('sa seconde adresse IP, à laquelle ce port n’a jamais rien envoyé')).toEqual([]);
    expect(jargon('Turn off SIP ALG, the router feature that rewrites SIP messages.')).toEqual([]);
  });

  it.each(['en', 'fr'] as const)('no %s text uses a STUN term without saying what it means', (lang) => {
    const found = texts(lang).flatMap(([where, text]) => jargon(text).map((why) => `${where}: ${why}`));
    expect(found).toEqual([]);
  });

  it('every English text has a French one with the same placeholders', () => {
    const fr = new Map(texts('fr'));
    const problems = texts('en').flatMap(([where, text]) => {
      const french = fr.get(where);
      if (french === undefined) return [`${where}: no French text`];
      // The same text in both languages is fine for names and codes (PID, TCP {port}), not for a sentence.
      if (french === text && /\b(the|and|from|with|this)\b/i.test(text)) return [`${where}: left in English`];
      return placeholders(french).join() === placeholders(text).join() ? [] : [`${where}: placeholders differ`];
    });
    expect(problems).toEqual([]);
  });
});
