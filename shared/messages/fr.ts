/**
 * Textes français de chaque code de résultat : ce qui s’est passé, en mots simples, puis quoi
 * faire, une action par étape.
 */
import type { Catalog } from '../catalog-types';

/** Le catalogue français. */
export const fr: Catalog = {
  ports: {
    PASS: {
      title: 'Redirigé un pour un',
      explanation:
        'Le routeur a conservé le numéro de port à la sortie, et un paquet envoyé depuis une autre adresse sur Internet est bien arrivé sur ce port. Appels, postes distants et trunks peuvent l’utiliser.',
      remediation: [],
    },
    PORT_TRANSLATED: {
      title: 'Le routeur change le numéro de port',
      explanation:
        'Le trafic sorti de ce port est apparu sur Internet avec un autre port public. Un PBX a besoin que chaque port garde son numéro dans les deux sens ; un routeur qui le réécrit (on parle souvent de NAT symétrique) casse le SIP et l’audio, même si une redirection existe.',
      remediation: [
        'Sur le routeur, créez une redirection statique un pour un de ce port (UDP) vers le PBX, avec le même numéro à l’extérieur et à l’intérieur.',
        'Faites en sorte que le NAT sortant conserve le port source du PBX : sur pfSense ou OPNsense, une règle de NAT sortant avec « Static Port » ; ailleurs, cherchez « préservation du port » ou désactivez « port source aléatoire ».',
        'Désactivez tout SIP ALG, « SIP helper » ou passerelle applicative SIP : le PBX gère le NAT lui-même.',
        'Relancez la vérification.',
      ],
    },
    INBOUND_NO_RESPONSE: {
      title: 'Pas de redirection entrante',
      explanation:
        'Le trafic sortant de ce port fonctionne, mais le paquet envoyé par le serveur STUN depuis sa seconde adresse n’est jamais arrivé. Sans redirection statique, les opérateurs et les postes distants ne peuvent pas joindre le PBX sur ce port : appels sans son, ou qui ne sonnent jamais.',
      remediation: [
        'Sur le routeur ou le pare-feu, redirigez ce port UDP vers l’adresse locale de la machine du PBX, avec le même numéro de port à l’extérieur et à l’intérieur.',
        'Redirigez aussi le TCP là où le PBX s’en sert (SIP sur 5060, le tunnel sur 5090).',
        'Vérifiez que la redirection vise bien cette machine, et pas une adresse IP ancienne ou différente.',
        'Si seuls les ports après les premiers échouent, la protection contre les balayages de ports (ou contre les floods) du routeur bloque le test : désactivez-la pendant la vérification, ou utilisez le rythme doux (--pace gentle).',
        'Vérifiez que le pare-feu de cet ordinateur autorise l’UDP entrant sur ce port.',
      ],
    },
    OUTBOUND_NO_RESPONSE: {
      title: 'Aucune réponse sur ce port',
      explanation:
        'Le serveur STUN répond aux autres ports de cette machine, mais jamais à celui-ci : quelque chose bloque le trafic de ou vers ce port à la sortie.',
      remediation: [
        'Vérifiez que le routeur ou le pare-feu laisse cette machine émettre depuis ce port vers Internet, en UDP et, si le PBX en a besoin, en TCP.',
        'Vérifiez le pare-feu de cet ordinateur (pare-feu Windows Defender, ufw, firewalld…) : il doit autoriser le trafic sur ce port.',
        'Les antivirus et anti-malwares filtrent souvent le réseau : désactivez-les ou désinstallez-les pour les mettre hors de cause (la simple désactivation ne suffit pas toujours).',
        'Votre fournisseur d’accès bloque peut-être ce port : demandez-lui, ou testez depuis une autre connexion.',
        'Relancez la vérification pour écarter une panne passagère.',
      ],
    },
    PORT_IN_USE: {
      title: 'Le port est occupé par un autre programme',
      explanation:
        'Le vérificateur n’a pas pu utiliser ce port, car un programme de cet ordinateur l’occupe déjà. C’est en général le PBX lui-même ; le port n’a pas été testé.',
      remediation: [
        'Arrêtez les services du PBX pendant la vérification (l’application peut les arrêter puis les redémarrer avec votre accord) ; les appels en cours sont coupés pendant l’arrêt.',
        'Pour trouver le programme à la main sous Windows, lancez netstat -ano | findstr :9500 (avec votre numéro de port) ; la dernière colonne est l’identifiant du processus (PID).',
        'Lancez ensuite tasklist /fi "pid eq 4312" avec ce PID pour voir le nom du programme, ou cherchez-le dans le Gestionnaire des tâches.',
        "Sous Linux, lancez ss -ulpn 'sport = :9500' (avec votre numéro de port) pour voir le programme et son PID.",
        'Fermez ou arrêtez ce programme, puis relancez la vérification.',
      ],
    },
    PUBLIC_IP_MISMATCH: {
      title: 'Sorti par une autre adresse publique',
      explanation:
        'Le serveur STUN a vu ce port arriver d’une autre adresse IP publique que celle attendue. Le trafic passe par une autre ligne Internet, un autre routeur ou un VPN : la redirection configurée n’est donc pas celle utilisée.',
      remediation: [
        'Vérifiez que l’adresse IP publique saisie est à jour (elle change si elle n’est pas fixe).',
        'Sur un routeur à plusieurs lignes (multi-WAN, répartition de charge), faites toujours sortir le PBX par la ligne dont vous avez donné l’adresse, et redirigez les ports sur cette ligne.',
        'Cherchez un VPN ou un proxy, sur cette machine ou sur le réseau, qui envoie le trafic ailleurs.',
        'Relancez la vérification.',
      ],
    },
    MALFORMED_RESPONSE: {
      title: 'Réponse illisible ou inattendue',
      explanation:
        'Une réponse pour ce port n’était pas du STUN valide, ou venait d’une adresse qui n’aurait pas dû répondre. Un équipement entre cette machine et Internet réécrit des paquets ou y répond.',
      remediation: [
        'Désactivez tout SIP ALG, « SIP helper » ou passerelle applicative sur le routeur ou le pare-feu.',
        'Désactivez les proxys transparents et les fonctions « optimisation VoIP » pour le PBX.',
        'Relancez la vérification, ou essayez un autre serveur STUN.',
      ],
    },
    NOT_TESTED: {
      title: 'Non testé',
      explanation: 'La vérification s’est arrêtée avant d’atteindre ce port, ou le port a été ignoré.',
      remediation: ['Relancez la vérification pour tester ce port.'],
    },
  },
  runs: {
    ALL_PASSED: {
      title: 'Tous les ports sont redirigés un pour un',
      explanation:
        'Chaque port vérifié garde son numéro à la sortie et reçoit les paquets venus d’Internet. C’est la configuration que les éditeurs de PBX prennent en charge : opérateurs VoIP, postes distants, ponts et tunnels fonctionneront à travers ce routeur.',
      remediation: [],
    },
    SOME_FAILED: {
      title: 'Certains ports ne sont pas correctement redirigés',
      explanation:
        'Une partie des ports a réussi, une autre non. Les appels qui tombent sur un port en échec peuvent perdre le son ou ne pas aboutir du tout.',
      remediation: [
        'Regardez les plages en échec et créez une redirection statique un pour un pour exactement ces ports.',
        'Assurez-vous que chaque redirection vise l’adresse locale de ce PBX, et pas une autre machine.',
        'Si les échecs commencent après les premiers ports, la protection contre les balayages de ports du routeur réagit au test : désactivez-la pendant la vérification ou utilisez le rythme doux.',
        'Relancez la vérification après chaque modification.',
      ],
    },
    ALL_FAILED: {
      title: 'Aucun port n’est correctement redirigé',
      explanation:
        'Aucun des ports vérifiés n’a réussi. Dans cet état, les opérateurs VoIP et les postes distants ne fonctionneront pas, et la configuration n’est pas prise en charge par les éditeurs de PBX.',
      remediation: [
        'Connectez-vous au routeur ou au pare-feu et créez des redirections statiques de tous les ports du PBX (UDP, et TCP si nécessaire) vers l’adresse locale de cette machine.',
        'Regardez le type d’échec de chaque plage : il indique si le problème vient de la redirection, du numéro de port ou du trafic sortant.',
        'Relancez la vérification.',
      ],
    },
    DNS_FAILED: {
      title: 'Le nom du serveur STUN n’a pas pu être résolu',
      explanation:
        'Cet ordinateur n’a pas pu traduire le nom du serveur STUN en adresse. Soit le DNS ne fonctionne pas ici, soit le nom est faux ou n’est plus utilisé.',
      remediation: [
        'Vérifiez que cet ordinateur résout les noms : ouvrez une page web, ou lancez nslookup avec le nom du serveur.',
        'Vérifiez l’orthographe du serveur STUN.',
        'Indiquez le serveur par son adresse IP, ou choisissez-en un autre (la liste par défaut en propose plusieurs).',
      ],
    },
    STUN_UNREACHABLE: {
      title: 'Aucun serveur STUN n’a répondu',
      explanation:
        'Aucun des serveurs STUN configurés n’a répondu : aucun port n’a donc pu être vérifié. La cause habituelle est la connexion Internet, ou l’UDP sortant bloqué.',
      remediation: [
        'Vérifiez la connexion Internet : ouvrez un site web dans un navigateur sur cet ordinateur.',
        'Assurez-vous que le routeur et le pare-feu de cet ordinateur autorisent l’UDP sortant vers le port du serveur STUN (3478 par défaut).',
        'Vérifiez le numéro de port du serveur : certains écoutent sur un autre port.',
        'Choisissez un autre serveur STUN, ou rétablissez la liste par défaut.',
      ],
    },
    NO_SECOND_ADDRESS: {
      title: 'Le serveur STUN n’a pas de seconde adresse utilisable',
      explanation:
        'Le serveur a répondu, mais il n’a pas de seconde adresse IP en état d’envoyer le test entrant (il n’en annonce aucune ou annonce 0.0.0.0, ou ne répond pas depuis celle-ci). Il ne peut pas dire si les ports sont redirigés.',
      remediation: [
        'Choisissez un serveur STUN qui a deux adresses IP (comportement RFC 5780 ou de l’ancienne RFC 3489) ; la liste par défaut de l’application en contient.',
        'S’il s’agit de votre propre serveur, donnez-lui une seconde adresse (par exemple coturn avec deux IP d’écoute, ou stund avec -a).',
      ],
    },
    CHANGE_REQUEST_IGNORED: {
      title: 'Le serveur STUN ignore les demandes de changement',
      explanation:
        'Le serveur annonce une seconde adresse mais répond au test entrant depuis son adresse principale. Ses réponses feraient passer tous les ports pour redirigés : la vérification s’est donc arrêtée plutôt que de donner un faux résultat. Beaucoup de grands serveurs publics, dont ceux de Google, se comportent ainsi.',
      remediation: ['Choisissez un autre serveur STUN à deux adresses ; la liste par défaut en contient.'],
    },
    STUN_MALFORMED: {
      title: 'Les serveurs STUN ont envoyé des réponses illisibles',
      explanation:
        'Ce qui est revenu n’était pas du STUN valide : un autre service écoute peut-être sur ce port, un équipement sur le trajet réécrit les paquets, ou le serveur est défaillant.',
      remediation: [
        'Vérifiez le nom et le port du serveur.',
        'Désactivez le SIP ALG ou les fonctions semblables de réécriture de paquets sur le routeur, et vérifiez que le pare-feu ne modifie ni ne bloque les paquets.',
        'Choisissez un autre serveur STUN et relancez la vérification.',
      ],
    },
    CANCELLED: {
      title: 'La vérification a été arrêtée',
      explanation:
        'La vérification a été annulée avant la fin. Les résultats obtenus sont conservés ; les ports non atteints sont marqués comme non testés.',
      remediation: ['Relancez la vérification pour tester tous les ports.'],
    },
  },
  sipPortInUse: {
    title: 'Le port SIP 5060 est occupé par {owner}',
    explanation:
      'Le vérificateur a besoin que le port SIP soit libre pour le tester, et {owner} l’utilise. C’est normalement le PBX lui-même : ses services doivent être arrêtés le temps de la vérification, ce qui rend le système téléphonique indisponible.',
    remediation: [
      'Laissez l’application arrêter les services du PBX pour la vérification puis les redémarrer (les appels en cours sont coupés), ou arrêtez-les vous-même.',
      'Si ce n’est pas le PBX, fermez {owner} ou arrêtez son service, puis relancez la vérification.',
      'Pour confirmer à la main sous Windows : netstat -ano | findstr :5060, puis tasklist /fi "pid eq <PID>".',
    ],
  },
  portShort: {
    PASS: 'redirigé un pour un',
    PORT_TRANSLATED: 'le routeur change le numéro de port',
    INBOUND_NO_RESPONSE: 'pas de réponse de la seconde adresse (pas de redirection)',
    OUTBOUND_NO_RESPONSE: 'aucune réponse sur ce port',
    PORT_IN_USE: 'occupé par un autre programme',
    PUBLIC_IP_MISMATCH: 'sorti par une autre adresse publique',
    MALFORMED_RESPONSE: 'réponse illisible ou inattendue',
    NOT_TESTED: 'non testé',
  },
  bundle: {
    saved: 'Paquet de diagnostic enregistré',
    failed:
      'la vérification a eu lieu, mais son paquet de diagnostic n’a pas pu être enregistré (le rapport ci-dessus est complet)',
  },
  firewall: {
    FIREWALL_OFF: 'Le pare-feu de cet ordinateur est désactivé pour le profil réseau actif.',
    FIREWALL_ON: 'Le pare-feu de cet ordinateur est activé.',
    PORTS_NOT_ALLOWED:
      'Aucune règle du pare-feu de cet ordinateur ne laisse entrer l’UDP sur une partie des ports vérifiés.',
    ALLOW_RULE_PRESENT: 'Une règle du pare-feu de cet ordinateur autorise déjà les ports vérifiés.',
    BLOCK_RULE_FOR_PROGRAM:
      'Une règle du pare-feu bloque ce programme ; elle l’emporte sur toute règle d’autorisation et doit être supprimée.',
    BLOCK_RULE_FOR_PORTS:
      'Une règle du pare-feu bloque une partie des ports vérifiés ; elle l’emporte sur toute règle d’autorisation.',
    INBOUND_RULES_IGNORED:
      'Le pare-feu bloque toutes les connexions entrantes, y compris les programmes et ports autorisés.',
    LOCAL_RULES_IGNORED:
      'La stratégie de groupe ignore les règles ajoutées sur cet ordinateur : ajoutez la règle par stratégie de groupe.',
    RULES_UNKNOWN: 'Les règles du pare-feu n’ont pas pu être lues ; l’état des ports est inconnu.',
    NEEDS_ROOT: 'Lire les règles du pare-feu demande les droits root (sudo) ; l’état des ports est inconnu.',
    NO_FIREWALL_FOUND: 'Aucun pare-feu local n’a été trouvé sur cet ordinateur.',
  },
  preflight: {
    heading: 'Avant la vérification',
    portsInUse: 'Ports occupés sur cet ordinateur',
    noPortInUse: 'Aucun des ports vérifiés n’est occupé sur cet ordinateur.',
    ownersIncomplete:
      'Certains propriétaires sont invisibles (lancez en administrateur ou en root pour voir tous les processus).',
    excludedRange: 'Windows réserve ces ports (la liaison échoue sans propriétaire)',
    pbxServices: 'Services du PBX',
    stopOffer:
      'Ils occupent les ports testés : lancez avec --stop-services pour les arrêter le temps de la vérification puis les redémarrer (les appels en cours sont coupés).',
    needsElevation: 'Arrêter des services demande une invite élevée (Exécuter en tant qu’administrateur) ou root.',
    stopped: 'Arrêtés pour la vérification',
    restarted: 'Redémarrés',
    restartFailed: 'REDÉMARRAGE IMPOSSIBLE — lancez ceci maintenant',
    firewall: 'Pare-feu de cet ordinateur',
    fixNeedsElevation: 'à lancer dans une invite élevée (en administrateur) ou avec sudo',
  },
};
