/**
 * Words the report view puts together itself (owner descriptions, section headings shared by the
 * terminal, report.html and the window). Result texts live in shared/messages.
 */
import type { Language } from '../codes';

const en = {
  pid: 'PID',
  service: 'service',
  user: 'user',
  stopped: 'stopped',
  server: 'STUN server',
  secondAddress: 'second address',
  publicAddress: 'Public address',
  duration: 'Duration',
  results: 'Results',
  whatToDo: 'What to do',
  warnings: 'Warnings',
  serversTried: 'STUN servers tried',
  heldBy: 'held by',
};

const fr: typeof en = {
  pid: 'PID',
  service: 'service',
  user: 'utilisateur',
  stopped: 'arrêté',
  server: 'Serveur STUN',
  secondAddress: 'seconde adresse',
  publicAddress: 'Adresse publique',
  duration: 'Durée',
  results: 'Résultats',
  whatToDo: 'Que faire',
  warnings: 'Avertissements',
  serversTried: 'Serveurs STUN essayés',
  heldBy: 'utilisé par',
};

/** The view's words, by language. */
export const VIEW_WORDS: Record<Language, typeof en> = { en, fr };
