/**
 * The host firewall in plain words: the product's name, its state, and the pre-flight's finding
 * details (written in English by the parsers for support and logs) in the view's language. A
 * detail no pattern knows is kept as it is, but only in English; in another language the finding's
 * own sentence stands alone and the raw detail goes to the small support line.
 */
import type { Language } from '../codes';
import type { FirewallReport } from '../preflight';

/** Product names as people know them, in each language (Microsoft names its firewall in French too). */
export const PRODUCT_NAMES: Record<Language, Record<FirewallReport['product'], string>> = {
  en: {
    'windows-firewall': 'Windows Defender Firewall',
    ufw: 'ufw',
    firewalld: 'firewalld',
    nftables: 'nftables',
    iptables: 'iptables',
    'macos-application-firewall': 'macOS Application Firewall',
    none: '—',
    unknown: '?',
  },
  fr: {
    'windows-firewall': 'Pare-feu Windows Defender',
    ufw: 'ufw',
    firewalld: 'firewalld',
    nftables: 'nftables',
    iptables: 'iptables',
    'macos-application-firewall': 'Pare-feu d’applications de macOS',
    none: '—',
    unknown: '?',
  },
};

/** The firewall's state in words. */
export const STATE_WORDS: Record<Language, Record<FirewallReport['state'], string>> = {
  en: { on: 'on', off: 'off', unknown: 'state unknown' },
  fr: { on: 'activé', off: 'désactivé', unknown: 'état inconnu' },
};

type Rewrite = [RegExp, string];

/**
 * French for each detail main/engine/host/firewall.ts writes ($1… are the names, ports and
 * addresses it quotes, which stay as they are).
 */
const FR: Rewrite[] = [
  [/^off for the active profile\(s\): (.*)$/, 'désactivé pour le ou les profils actifs : $1'],
  [/^on for (.*)$/, 'activé pour $1'],
  [
    /^(.*): inbound allow rules are ignored \(block all incoming\)$/,
    '$1 : les règles d’autorisation entrantes sont ignorées (tout bloquer en entrée)',
  ],
  [
    /^(.*): Group Policy ignores local rules; add the rule through Group Policy$/,
    '$1 : la stratégie de groupe ignore les règles locales ; ajoutez la règle par stratégie de groupe',
  ],
  [/^the firewall rules could not be read in time$/, 'les règles du pare-feu n’ont pas pu être lues à temps'],
  [/^"(.*)" blocks this program \((.*)\)$/, '« $1 » bloque ce programme ($2)'],
  [/^"(.*)" blocks UDP (\S+) from (.*)$/, '« $1 » bloque UDP $2 depuis $3'],
  [/^"(.*)" blocks UDP (\S+)$/, '« $1 » bloque UDP $2'],
  [/^no allow rule for UDP (.*)$/, 'aucune règle d’autorisation pour UDP $1'],
  [
    /^UDP (\S+) allowed only from some remote addresses: (.*)$/,
    'UDP $1 autorisé seulement depuis certaines adresses distantes : $2',
  ],
  [/^ufw status needs root$/, 'ufw status demande les droits root'],
  [/^ufw inactive$/, 'ufw inactif'],
  [/^firewall-cmd --list-all-zones failed$/, 'firewall-cmd --list-all-zones a échoué'],
  [/^no active firewalld zone with an interface$/, 'aucune zone firewalld active avec une interface'],
  [/^unreadable nft output$/, 'sortie de nft illisible'],
  [/^reading nftables\/iptables rules needs root$/, 'lire les règles nftables/iptables demande les droits root'],
  [
    /^no ufw, firewalld, nftables or iptables rules found$/,
    'aucune règle ufw, firewalld, nftables ou iptables trouvée',
  ],
  [/^no (\S+) input chain$/, 'aucune chaîne d’entrée $1'],
  [
    /^(.*) lets UDP (\S+) in only under a condition \(source address, interface, mark or rate\)$/,
    '$1 ne laisse entrer UDP $2 que sous condition (adresse source, interface, marque ou débit)',
  ],
  [/^(.*) lets UDP (\S+) in$/, '$1 laisse entrer UDP $2'],
  [/^(.*) drops UDP (\S+)$/, '$1 rejette UDP $2'],
  [/^State = 1.*$/i, 'activé'],
  [/^State = 0.*$/i, 'désactivé'],
];

const PROFILES_FR: Record<string, string> = { Domain: 'domaine', Private: 'privé', Public: 'public' };

/** A list of quoted rule names (`"a", "b"`) is a list of names: the same in every language. */
const QUOTED_NAMES = /^"[^"]*"(, "[^"]*")*$/;

/**
 * The detail of a finding in `language`: `{ text, translated }`. `translated` is false when no
 * pattern knew the detail (the window then shows it only in the support line).
 */
export function firewallDetail(detail: string, language: Language): { text: string; translated: boolean } {
  if (language === 'en' || detail === '' || QUOTED_NAMES.test(detail)) return { text: detail, translated: true };
  for (const [pattern, replacement] of FR) {
    if (pattern.test(detail)) {
      // Windows names its profiles in English whatever its language; the French window does not.
      const text = detail.replace(pattern, replacement).replace(/\b(Domain|Private|Public)\b/g, (p) => PROFILES_FR[p]!);
      return { text, translated: true };
    }
  }
  return { text: detail, translated: false };
}
