/**
 * Words of the terminal report that are not result texts (those live in shared/messages).
 */
import type { Language } from '../../shared/codes';

/** Labels of the text report, per language. */
export const LABELS = {
  en: {
    heading: (n: number) => `VoIP Firewall Checker: ${n} UDP port${n === 1 ? '' : 's'} checked`,
    server: 'STUN server',
    secondAddress: 'second address',
    publicAddress: 'Public address',
    duration: 'Duration',
    results: 'Results',
    whatToDo: 'What to do',
    servers: 'STUN servers tried',
    picked: 'used',
    ports: (n: number) => `${n} port${n === 1 ? '' : 's'}`,
    heldBy: 'held by',
    warnings: 'Warnings',
    left: 'left',
    interrupted: 'Interrupted: closing every socket…',
  },
  fr: {
    heading: (n: number) => `VoIP Firewall Checker : ${n} port${n === 1 ? '' : 's'} UDP vérifié${n === 1 ? '' : 's'}`,
    server: 'Serveur STUN',
    secondAddress: 'seconde adresse',
    publicAddress: 'Adresse publique',
    duration: 'Durée',
    results: 'Résultats',
    whatToDo: 'Que faire',
    servers: 'Serveurs STUN essayés',
    picked: 'utilisé',
    ports: (n: number) => `${n} port${n === 1 ? '' : 's'}`,
    heldBy: 'utilisé par',
    warnings: 'Avertissements',
    left: 'restant',
    interrupted: 'Interruption : fermeture de tous les sockets…',
  },
} satisfies Record<Language, unknown>;

/** The labels for `lang`. */
export function labels(lang: Language): (typeof LABELS)['en'] {
  return LABELS[lang];
}
