/**
 * Textes français des tests que seul notre propre serveur de test rend possibles (issue 11) :
 * le test de SIP ALG et les redirections TCP. Partie du catalogue français (`catalogs.fr.ours`).
 */
import type { OursCatalog } from '../catalog-types';

/** The SIP ALG and TCP forward texts in French. */
export const oursFr: OursCatalog = {
  heading: 'Réécriture du SIP par le routeur (SIP ALG) et redirections TCP',
  intro: 'Testé contre {server}, un serveur de test voip-fwcheck qui renvoie ce qu’il a reçu.',
  transport: { udp: 'SIP sur UDP', tcp: 'SIP sur TCP' },
  change: { changed: 'modifié', added: 'ajouté', removed: 'supprimé' },
  sentFrom: 'Envoyé depuis {local} ; le serveur l’a vu arriver de {source}.',
  sip: {
    SIP_ALG_DETECTED: {
      title: 'Un SIP ALG réécrit vos messages SIP',
      explanation:
        'Un équipement entre cet ordinateur et Internet, presque toujours le routeur ou le pare-feu, a modifié la requête SIP en chemin ({transport}) : {fields}. Ce « SIP ALG » (aussi appelé assistant SIP, SIP fixup ou transformations SIP) réécrit les messages SIP pour aider les téléphones derrière un NAT, mais il dérègle un PBX qui gère le NAT lui-même : son dans un seul sens, appels coupés après 30 secondes, téléphones qui perdent leur enregistrement.',
      remediation: [
        'Désactivez le SIP ALG (la réécriture du SIP) sur le routeur ou le pare-feu. Où le trouver : Netgear : Avancé > Configuration > Configuration WAN, cochez « Désactiver SIP ALG » ; TP-Link : Avancé > Sécurité > ALG (ou Redirection NAT > ALG), décochez SIP ALG ; Linksys : Administration > Gestion, SIP ALG désactivé ; Zyxel : Sécurité > ALG, décochez SIP ; DrayTek : dans la console telnet, « sys sip_alg 0 », puis « sys commit » et « sys reboot ».',
        'Pare-feu d’entreprise : Cisco ASA : « policy-map global_policy », « class inspection_default », « no inspect sip » ; FortiGate : « config system settings », « set default-voip-alg-mode kernel-helper-based », « end », puis supprimez l’entrée SIP sous « config system session-helper » ; SonicWall : VoIP > Settings, décochez « Enable SIP Transformations » ; Juniper SRX : « set security alg sip disable » ; MikroTik : IP > Firewall > Service Ports, désactivez « sip » ; Ubiquiti EdgeRouter : « set system conntrack modules sip disable » ; Linux : retirez les modules nf_nat_sip et nf_conntrack_sip ou le « ct helper » nftables de type « sip ».',
        'Box d’opérateur sans ce réglage : demandez à l’opérateur de désactiver le SIP ALG (réécriture du SIP), ou passez la box en mode bridge derrière votre propre routeur.',
        'Redémarrez le routeur (la réécriture du SIP garde l’état des appels en cours), puis relancez la vérification.',
      ],
    },
    SIP_UNCHANGED: {
      title: 'Pas de SIP ALG : rien ne réécrit vos messages SIP',
      explanation:
        'La requête SIP ({transport}) est arrivée au serveur de test octet pour octet telle que cet ordinateur l’a envoyée.',
      remediation: [],
    },
    SIP_NO_RESPONSE: {
      title: 'Le test SIP n’a pas reçu de réponse',
      explanation:
        'La requête SIP ({transport}) ou sa réponse n’est pas passée. Un SIP ALG (fonction du routeur qui réécrit le SIP) qui jette ce qu’il ne sait pas lire fait cela, tout comme un pare-feu qui bloque le SIP sortant, ou un serveur de test injoignable.',
      remediation: [
        'Vérifiez que le SIP sortant (port 5060, UDP et TCP) est autorisé par le pare-feu de cet ordinateur et par le routeur.',
        'Si c’est le cas, cherchez un SIP ALG sur le routeur et désactivez-le (voir « Un SIP ALG réécrit vos messages SIP » pour savoir où il se cache).',
        'Relancez la vérification.',
      ],
    },
  },
  tcpHeading: 'Redirections TCP',
  tcpRow: 'TCP {port}',
  tcp: {
    PASS: {
      title: 'Port TCP redirigé vers cet ordinateur',
      explanation:
        'Le serveur de test a ouvert une connexion TCP vers votre adresse publique sur ce port et elle est arrivée sur cet ordinateur.',
      remediation: [],
    },
    INBOUND_NO_RESPONSE: {
      title: 'Port TCP non redirigé vers cet ordinateur',
      explanation:
        'Le serveur de test n’a pas pu ouvrir de connexion TCP vers votre adresse publique sur ce port, ou la connexion est arrivée sur une autre machine. Le SIP sur TCP (5060), le SIP sur TLS (5061) et le tunnel 3CX (5090) ont besoin de ces redirections en plus des redirections UDP.',
      remediation: [
        'Sur le routeur, redirigez ces ports TCP, sans les changer (même port à l’extérieur et à l’intérieur), vers l’adresse locale de cet ordinateur : la règle est en général la même que pour l’UDP, avec « TCP » ou « TCP/UDP » comme protocole.',
        'Vérifiez que rien d’autre (un autre PBX, une redirection UPnP) ne prend déjà ces ports, et que le pare-feu de cet ordinateur les laisse entrer.',
        'Relancez la vérification.',
      ],
    },
    PORT_IN_USE: {
      title: 'Port TCP utilisé sur cet ordinateur',
      explanation:
        'Un autre programme écoute sur ce port TCP : la vérification n’a pas pu y attendre la connexion de test.',
      remediation: [
        'Arrêtez le programme qui utilise le port (souvent le PBX lui-même : lancez la vérification avec ses services arrêtés), puis relancez la vérification.',
      ],
    },
    NOT_TESTED: {
      title: 'Port TCP non testé',
      explanation:
        'Le serveur de test ne se connecte pas en retour sur ce port, ou il n’a pas répondu à la demande (il limite la fréquence des demandes d’une même adresse).',
      remediation: [
        'Attendez une minute et relancez la vérification ; seuls les ports que le serveur de test autorise peuvent être testés.',
      ],
    },
  },
};
