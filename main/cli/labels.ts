/**
 * Words of the terminal report that are the terminal's own (result texts live in shared/messages,
 * the words every renderer shares in shared/view/words).
 */
import type { Language } from '../../shared/codes';

/** Labels of the text report, per language. */
export const LABELS = {
  en: {
    heading: (n: number) => `VoIP Firewall Checker: ${n} UDP port${n === 1 ? '' : 's'} checked`,
    ports: (n: number) => `${n} port${n === 1 ? '' : 's'}`,
    left: 'left',
    interrupted: 'Interrupted: closing every socket…',
  },
  fr: {
    heading: (n: number) => `VoIP Firewall Checker : ${n} port${n === 1 ? '' : 's'} UDP vérifié${n === 1 ? '' : 's'}`,
    ports: (n: number) => `${n} port${n === 1 ? '' : 's'}`,
    left: 'restant',
    interrupted: 'Interruption : fermeture de tous les sockets…',
  },
} satisfies Record<Language, unknown>;

/** The labels for `lang`. */
export function labels(lang: Language): (typeof LABELS)['en'] {
  return LABELS[lang];
}
