/**
 * Textes français de chaque code de résultat, pour la personne devant le serveur, qui n’est pas
 * forcément spécialiste des réseaux : ce qui s’est passé, en mots simples, puis quoi faire, une
 * action par étape. Les commandes restent telles qu’on les tape.
 */
import type { Catalog } from '../catalog-types';
import { oursFr } from './ours-fr';

/** Le catalogue français. */
export const fr: Catalog = {
  ours: oursFr,
  ports: {
    PASS: {
      title: 'Redirigé un pour un',
      explanation:
        'Le routeur a fait sortir ce port sous le même numéro de port public, et un paquet venu d’une autre adresse sur Internet, que ce port n’avait jamais contactée, est bien entré (redirection un pour un, dite aussi NAT « full cone »). La VoIP fonctionne sur ce port : trunks, postes distants et ponts peuvent l’utiliser.',
      remediation: [],
    },
    PORT_TRANSLATED: {
      title: 'Le routeur change le numéro de port',
      explanation:
        'Les paquets envoyés depuis ce port sont apparus sur Internet avec un autre port public. Le PBX annonce ses propres numéros de port quand il établit un appel : un routeur qui les change envoie opérateurs, ponts et postes distants au mauvais endroit, même si une redirection entrante existe.',
      remediation: [
        'Sur le routeur, créez une redirection de port statique de ce port UDP vers l’adresse IP locale du PBX, avec le même numéro de port à l’extérieur et à l’intérieur.',
        'Faites en sorte que le NAT sortant garde le port source du PBX : sur pfSense ou OPNsense, ajoutez pour le PBX une règle de NAT sortant avec « Static Port » coché ; sur d’autres routeurs, cherchez « préservation du port », « port statique » ou « NAT cohérent », ou désactivez « port source aléatoire ».',
        'Désactivez le SIP ALG, le « SIP helper », le « SIP passthrough » ou toute autre passerelle applicative pour le SIP : elle réécrit adresses et ports dans les messages SIP, alors que le PBX gère le NAT tout seul.',
        'Si deux routeurs se suivent (par exemple la box de l’opérateur devant votre pare-feu), passez le premier en mode bridge, ou redirigez les mêmes ports, sans les changer, sur les deux.',
        'Relancez la vérification.',
      ],
    },
    INBOUND_NO_RESPONSE: {
      title: 'Pas de redirection entrante',
      explanation:
        'Les paquets partis de ce port atteignent Internet avec le bon numéro de port. Mais la réponse du serveur STUN envoyée depuis sa seconde adresse IP, à laquelle ce port n’a jamais rien envoyé, n’est pas arrivée : seule une redirection de port laisse entrer un tel paquet. Le routeur n’a donc pas de redirection un pour un pour ce port, ou sa protection contre les balayages de ports a jeté le paquet. Opérateurs et postes distants ne peuvent pas joindre le PBX sur ce port : appels sans son, ou qui ne sonnent jamais.',
      remediation: [
        'Sur le routeur ou le pare-feu, redirigez ce port UDP vers l’adresse IP locale de la machine du PBX elle-même, avec le même numéro de port à l’extérieur et à l’intérieur, par une règle statique.',
        'Là où le PBX utilise aussi le TCP (SIP sur 5060, SIP sur TLS sur 5061, le tunnel 3CX sur 5090), redirigez aussi le TCP : cette vérification ne teste que l’UDP.',
        'Ouvrez la règle de redirection et comparez sa destination avec l’adresse IP de cette machine : une règle qui vise une autre machine, ou une ancienne adresse attribuée par le DHCP, ne compte pas.',
        'La protection du routeur contre les balayages de ports ou les floods ne devrait pas causer ce résultat : la vérification remarque quand elle réagit, reteste lentement et le signale par un avertissement. Si les échecs commencent à un certain port, cherchez donc une plage de redirection qui s’arrête là.',
        'Vérifiez que le pare-feu de cet ordinateur laisse entrer l’UDP sur ce port (la section « Pare-feu de cet ordinateur » indique ce qui a été trouvé).',
      ],
    },
    OUTBOUND_NO_RESPONSE: {
      title: 'Aucune réponse sur ce port',
      explanation:
        'Le serveur STUN a répondu aux requêtes parties d’autres ports de cette machine, mais jamais à celles parties de ce port. Quelque chose entre le PBX et Internet jette le trafic de ce port : une règle du routeur, le pare-feu ou une suite de sécurité de cet ordinateur, ou le fournisseur d’accès.',
      remediation: [
        'Sur le routeur ou le pare-feu, autorisez cette machine à émettre depuis ce port vers Internet, en UDP et, sur les ports où le PBX utilise aussi le TCP, en TCP.',
        'Vérifiez le pare-feu de cet ordinateur (pare-feu Windows Defender, ufw, firewalld, nftables…) : aucune règle ne doit bloquer ce port, dans un sens ou dans l’autre.',
        'Les antivirus et suites de « sécurité Internet » filtrent aussi le réseau : mettez la vôtre en pause et relancez la vérification ; si rien ne change, désinstallez-la le temps du test, car certaines continuent de filtrer en pause.',
        'Certains fournisseurs d’accès filtrent des ports précis, le plus souvent le 5060 du SIP : interrogez le vôtre, ou comparez avec une vérification depuis une autre connexion Internet.',
        'Si les ports en échec changent d’une vérification à l’autre, la ligne Internet elle-même est peut-être instable : contrôlez la connexion, puis relancez la vérification.',
      ],
    },
    PORT_IN_USE: {
      title: 'Port déjà pris sur cet ordinateur',
      explanation:
        'Le vérificateur n’a pas pu ouvrir ce port, car un autre programme de cet ordinateur le tient déjà : le port n’a donc pas été testé. L’application affiche le nom de ce programme et son identifiant de processus (PID) à côté du port quand elle peut les voir ; le plus souvent, c’est le PBX lui-même.',
      remediation: [
        'Si c’est le PBX qui tient le port (pour 3CX : les services 3CX), ses services doivent être arrêtés pendant la vérification. L’application peut les arrêter puis les redémarrer ensuite, avec votre accord (dans l’application : « Arrêter les services du PBX pendant la vérification » ; en ligne de commande : --stop-services). Le système téléphonique est alors hors service et les appels en cours sont coupés : choisissez un moment calme.',
        'Pour trouver le programme à la main sous Windows, lancez netstat -ano | findstr :9500 dans une invite de commandes, en remplaçant 9500 par votre numéro de port ; le nombre de la dernière colonne est l’identifiant du processus (PID).',
        'Lancez ensuite tasklist /fi "pid eq 4312", en remplaçant 4312 par ce PID, pour obtenir le nom du programme (l’onglet Détails du Gestionnaire des tâches l’affiche aussi).',
        "Sous Linux, lancez ss -ulpn 'sport = :9500', en remplaçant 9500 par votre numéro de port, pour voir le programme et son PID ; lancez-la en root (sudo) pour voir aussi les programmes des autres utilisateurs.",
        'Si Windows n’indique aucun propriétaire, le port se trouve peut-être dans une plage que Windows se réserve (Hyper-V, WSL, Docker) : netsh interface ipv4 show excludedportrange protocol=udp liste ces plages.',
        'Arrêtez ou fermez le programme qui tient le port, puis relancez la vérification.',
      ],
    },
    PUBLIC_IP_MISMATCH: {
      title: 'Sorti par une autre adresse publique',
      explanation:
        'Le serveur STUN a vu ce port arriver d’une autre adresse IP publique que celle que vous avez indiquée comme attendue. Soit cette adresse n’est plus à jour, soit ce trafic sort par une autre ligne Internet, un autre routeur ou un VPN, où vos redirections ne s’appliquent pas ; un routeur à plusieurs lignes peut même en choisir une autre pour certains ports seulement.',
      remediation: [
        'Contrôlez l’IP publique attendue : comparez-la avec l’adresse WAN affichée sur la page d’état du routeur (une ligne sans adresse fixe peut en changer).',
        'Sur un routeur à plusieurs lignes Internet (multi-WAN, répartition de charge, secours), ajoutez une règle qui fait sortir tout le trafic du PBX par la ligne dont vous avez indiqué l’adresse, et créez les redirections sur cette ligne.',
        'Cherchez un client VPN, un proxy ou une seconde carte réseau sur cette machine, ou un second routeur sur le réseau, qui fait sortir le trafic par un autre chemin.',
        'Relancez la vérification ; laissez l’IP publique attendue vide si vous voulez seulement tester les redirections.',
      ],
    },
    MALFORMED_RESPONSE: {
      title: 'Réponse illisible ou inattendue',
      explanation:
        'La réponse pour ce port n’était pas du STUN valide, était une erreur, ou venait d’une adresse qui n’avait aucune raison de répondre (par exemple l’adresse principale du serveur STUN, alors que la réponse devait venir d’une autre de ses adresses). Quelque chose sur le trajet réécrit ces paquets ou y répond, typiquement un SIP ALG (« SIP helper », passerelle applicative) ou un proxy transparent.',
      remediation: [
        'Désactivez le SIP ALG, le « SIP helper » ou toute passerelle applicative pour le SIP sur le routeur ou le pare-feu ; certains routeurs n’appliquent ce changement qu’après un redémarrage.',
        'Désactivez les proxys transparents, l’inspection approfondie des paquets (DPI) et les fonctions d’« optimisation VoIP » pour le trafic du PBX.',
        'Relancez la vérification ; si les mêmes ports échouent, essayez un autre serveur STUN pour mettre le serveur hors de cause.',
      ],
    },
    NOT_TESTED: {
      title: 'Non testé',
      explanation:
        'Ce port n’a pas été vérifié : la vérification a été annulée ou interrompue avant d’y arriver, ou le port a été ignoré. Ce résultat ne dit rien de sa redirection.',
      remediation: ['Relancez la vérification, et laissez-la aller jusqu’au bout, pour tester ce port.'],
    },
    SCAN_BLOCKED: {
      title: 'Non testé : bloqué par la protection anti-balayage du routeur',
      explanation:
        'La protection du routeur contre les balayages de ports ou les floods a pris la vérification pour une attaque et a bloqué les paquets que le serveur STUN envoie depuis sa seconde adresse IP, à laquelle ce port n’a jamais rien envoyé, plus longtemps que la vérification ne pouvait attendre : ce port n’a pas pu être testé. Ce résultat ne dit rien de sa redirection.',
      remediation: [
        'Sur le routeur ou le pare-feu, désactivez la protection contre les balayages de ports et les floods (« port scan detection », « PSD », « UDP flood », « protection DoS ») pour l’adresse du serveur STUN que nomment les avertissements, le temps de la vérification, ou ajoutez cette adresse à sa liste d’adresses autorisées.',
        'Sur MikroTik, retirez l’adresse de la liste d’adresses que remplit la règle anti-balayage (IP → Firewall → Address Lists) : sinon elle reste bloquée pendant des jours.',
        'Relancez la vérification ; avec deux serveurs STUN ou plus dans la liste, la vérification se termine par un autre serveur quand l’un est bloqué.',
      ],
    },
  },
  runs: {
    ALL_PASSED: {
      title: 'Tous les ports sont redirigés un pour un',
      explanation:
        'Chaque port vérifié garde son numéro à la sortie et accepte les paquets venus d’Internet. Trunks VoIP, postes distants, ponts et tunnels fonctionneront à travers ce routeur, et c’est la configuration que les éditeurs de PBX prennent en charge. (La vérification porte sur l’UDP ; les redirections TCP, comme le SIP sur TLS, ne sont pas testées.)',
      remediation: [],
    },
    SOME_FAILED: {
      title: 'Certains ports ne sont pas correctement redirigés',
      explanation:
        'Une partie des ports a réussi, l’autre non. Les appels qui tombent sur un port en échec peuvent sonner sans son ou ne pas aboutir du tout, ce qui donne au problème un air aléatoire.',
      remediation: [
        'Regardez les plages en échec : l’intitulé à côté de chacune dit ce qui n’a pas marché.',
        'Créez une redirection statique un pour un pour exactement ces ports (UDP, même numéro à l’extérieur et à l’intérieur).',
        'Faites viser à chaque redirection l’adresse IP locale de ce PBX : une règle qui envoie une partie des ports vers une autre machine fait échouer exactement ces ports-là.',
        'Si tout échoue à partir d’un certain port, une plage de redirection s’arrête probablement là. (Les échecs dus à la protection anti-balayage du routeur sont retestés lentement avant d’être signalés, et la vérification le dit alors dans un avertissement.)',
        'Relancez la vérification après chaque modification.',
      ],
    },
    ALL_FAILED: {
      title: 'Aucun port n’est correctement redirigé',
      explanation:
        'Aucun des ports vérifiés n’a réussi. Le plus probable : le routeur ne redirige aucun port vers cette machine, ou les redirige vers une autre adresse IP. Tant que c’est le cas, les opérateurs VoIP et les postes distants NE fonctionneront PAS, et les éditeurs de PBX ne prennent pas cette configuration en charge.',
      remediation: [
        'Connectez-vous au routeur ou au pare-feu et créez des redirections de port statiques pour tous les ports du PBX (UDP, et TCP là où le PBX s’en sert) vers l’adresse IP locale de cette machine, avec le même numéro à l’extérieur et à l’intérieur.',
        'Si des redirections existent déjà, vérifiez qu’elles sont activées, qu’elles visent l’adresse IP actuelle de cette machine et qu’elles sont définies sur la ligne Internet réellement utilisée.',
        'Regardez le type d’échec de chaque plage : il indique si le problème vient de la redirection, du numéro de port ou du trafic sortant.',
        'Relancez la vérification.',
      ],
    },
    DNS_FAILED: {
      title: 'Le nom du serveur STUN n’a pas pu être résolu',
      explanation:
        'Cet ordinateur n’a pas réussi à traduire le nom du serveur STUN en adresse IP. Soit le DNS ne fonctionne pas sur cet ordinateur ou sur son réseau, soit le nom est mal orthographié ou désigne un serveur qui a été retiré.',
      remediation: [
        'Testez la résolution de noms sur cet ordinateur : lancez nslookup suivi du nom du serveur, ou ouvrez un site web quelconque par son nom.',
        'Si aucun nom ne se résout, contrôlez les serveurs DNS dans les paramètres réseau de cet ordinateur, et que le pare-feu le laisse les joindre.',
        'Vérifiez l’orthographe du nom du serveur.',
        'Indiquez plutôt le serveur par son adresse IP, ou choisissez-en un autre (rétablir la liste par défaut est le plus rapide).',
      ],
    },
    STUN_UNREACHABLE: {
      title: 'Aucun serveur STUN n’a répondu',
      explanation:
        'Aucun des serveurs STUN configurés n’a répondu, même depuis un port temporaire qui n’a besoin d’aucune redirection : aucun port n’a donc pu être vérifié. Les raisons probables sont la connexion Internet, l’UDP sortant vers le port du serveur bloqué, un nom ou un port de serveur erroné, ou un serveur en panne.',
      remediation: [
        'Sur cet ordinateur même (et non sur celui depuis lequel vous vous connectez), chargez une page web quelconque : si elle ne s’affiche pas, réglez d’abord l’accès à Internet.',
        'Assurez-vous que le routeur, le pare-feu de cet ordinateur et toute suite de sécurité autorisent l’UDP sortant vers le port du serveur STUN (3478, sauf indication contraire du serveur).',
        'Vérifiez les serveurs saisis : 3478 est le port habituel, mais un serveur peut en écouter un autre, à écrire sous la forme nom:port.',
        'Le serveur est peut-être tout simplement en panne : choisissez un autre serveur STUN, ou rétablissez la liste par défaut, qui en contient plusieurs.',
      ],
    },
    NO_SECOND_ADDRESS: {
      title: 'Le serveur STUN ne peut pas tester les redirections (une seule adresse utilisable)',
      explanation:
        'Le serveur a répondu, mais ne peut pas émettre depuis une seconde adresse IP : il n’en annonce aucune, ou une inutilisable (0.0.0.0, sa propre IP principale, une adresse privée), cette adresse reste muette, ou il refuse la demande avec l’erreur 420. Une redirection se teste par une réponse venue d’une adresse à laquelle ce port n’a jamais rien envoyé, que seule une redirection de port laisse entrer ; sans seconde adresse, le serveur ne peut pas dire si les ports sont redirigés.',
      remediation: [
        'Choisissez un autre serveur STUN, qui a deux adresses IP et sait répondre depuis l’une ou l’autre (RFC 5780) ; la liste par défaut de l’application ne contient que des serveurs de ce type, et la rétablir est la solution la plus rapide.',
        'S’il s’agit de votre propre serveur, donnez-lui deux adresses IP publiques et faites-le répondre depuis l’autre quand on le lui demande (RFC 5780), par exemple coturn à l’écoute sur les deux.',
        'Relancez la vérification.',
      ],
    },
    CHANGE_REQUEST_IGNORED: {
      title: 'Le serveur STUN répond toujours depuis la même adresse',
      explanation:
        'Le serveur annonce une seconde adresse IP, mais quand on lui demande de répondre depuis celle-ci, il répond depuis son adresse principale. La vérification a besoin d’une réponse venue d’une adresse à laquelle ce port n’a jamais rien envoyé, car seule une redirection de port la laisse entrer ; une réponse de l’adresse principale entre de toute façon, et tous les ports sembleraient redirigés. La vérification s’est donc arrêtée plutôt que d’annoncer un faux succès. Beaucoup de grands serveurs publics, dont ceux de Google, ne savent pas répondre depuis une autre adresse.',
      remediation: [
        'Choisissez un autre serveur STUN, qui a deux adresses IP et répond depuis l’une ou l’autre quand on le lui demande (RFC 5780) ; la liste par défaut de l’application ne contient que des serveurs de ce type.',
        'Relancez la vérification.',
      ],
    },
    STUN_MALFORMED: {
      title: 'Les serveurs STUN ont envoyé des réponses illisibles',
      explanation:
        'Ce qui est revenu des serveurs configurés n’était pas du STUN valide. Un autre type de service écoute peut-être sur ce port, un équipement sur le trajet modifie peut-être les paquets (un SIP ALG, la fonction du routeur qui réécrit le SIP, ou un proxy transparent), ou le serveur est défaillant.',
      remediation: [
        'Vérifiez les noms et ports des serveurs : le port doit être un port STUN (en général 3478), pas un port SIP ou web.',
        'Désactivez le SIP ALG (« SIP helper », la fonction qui réécrit le SIP) et les fonctions de proxy transparent du routeur, et vérifiez que le pare-feu ne modifie ni ne bloque les paquets.',
        'Choisissez un autre serveur STUN, ou rétablissez la liste par défaut, et relancez la vérification.',
      ],
    },
    CANCELLED: {
      title: 'La vérification a été arrêtée',
      explanation:
        'La vérification a été arrêtée avant la fin. Les résultats obtenus jusque-là sont conservés, et les ports qu’elle n’a pas atteints sont marqués « non testé ».',
      remediation: [
        'Relancez la vérification et laissez-la aller jusqu’au bout pour tester tous les ports. Au rythme normal, les ports par défaut prennent moins d’une minute s’ils réussissent, et quelques minutes s’ils échouent.',
      ],
    },
  },
  allPortsInUse: {
    title: 'Tous les ports sont pris sur cet ordinateur : rien n’a été testé',
    explanation:
      'D’autres programmes de cet ordinateur occupent tous les ports de la vérification : aucun n’a pu être ouvert et le routeur n’a pas été testé du tout. Cela ne dit encore rien du routeur. Le plus souvent, c’est le PBX lui-même qui tient les ports parce qu’il est en marche.',
    remediation: [
      'Regardez les propriétaires indiqués pour les ports : le nom du programme et son identifiant de processus (PID) disent qui les occupe.',
      'Si c’est le PBX, laissez l’application arrêter ses services pendant la vérification (dans l’application : « Arrêter les services du PBX pendant la vérification » ; en ligne de commande : --stop-services). Les appels en cours sont coupés : choisissez un moment calme.',
      'Sinon, fermez le programme qui occupe les ports, puis relancez la vérification.',
    ],
  },
  sipPortInUse: {
    title: 'Le port SIP 5060 est occupé par {owner}',
    explanation:
      'Pour tester le port SIP, le vérificateur doit l’ouvrir lui-même, or {owner} le garde ouvert. C’est normalement le PBX : ses services doivent être arrêtés pendant toute la vérification, et le système téléphonique reste indisponible jusqu’à leur redémarrage.',
    remediation: [
      'Laissez l’application arrêter les services du PBX (pour 3CX : les services 3CX) pendant la vérification puis les redémarrer, ou arrêtez-les vous-même ; les appels en cours sont coupés. Arrêter des services demande une invite administrateur ou root.',
      'Si {owner} n’est pas le PBX, fermez-le ou arrêtez son service, puis relancez la vérification.',
      'Pour confirmer à la main sous Windows, lancez netstat -ano | findstr :5060, puis tasklist /fi "pid eq 4312" en remplaçant 4312 par le PID de la dernière colonne ; sous Linux, lancez ss -ulpn \'sport = :5060\' en root.',
    ],
  },
  portShort: {
    PASS: 'redirigé un pour un',
    PORT_TRANSLATED: 'numéro de port changé par le routeur',
    INBOUND_NO_RESPONSE: 'pas de redirection (les paquets venus de l’extérieur n’entrent pas)',
    OUTBOUND_NO_RESPONSE: 'aucune réponse depuis ce port',
    PORT_IN_USE: 'occupé par un autre programme',
    PUBLIC_IP_MISMATCH: 'sorti par une autre adresse publique',
    MALFORMED_RESPONSE: 'réponse illisible ou inattendue',
    NOT_TESTED: 'non testé',
    SCAN_BLOCKED: 'non testé : bloqué par la protection anti-balayage',
  },
  warnings: {
    PORTS_NOT_TESTED:
      '{ports} port(s) n’ont pas pu être testés : cet ordinateur ne pouvait pas ouvrir autant de connexions réseau à la fois (il n’avait plus de sockets disponibles). Choisissez un rythme plus doux (moins de ports à la fois) ou relevez la limite de fichiers ouverts (ulimit -n sous Linux).',
    MAPPED_ADDRESS_REWRITTEN:
      '{ports} port(s) : les deux copies de l’adresse publique contenues dans la réponse diffèrent, un équipement sur le trajet réécrit donc les adresses à l’intérieur des paquets. C’est le plus souvent un SIP ALG dans le routeur : désactivez-le.',
    SEVERAL_PUBLIC_ADDRESSES:
      'Certains ports sont sortis par d’autres adresses publiques ({addresses}) : le routeur répartit le trafic sur plusieurs lignes internet (multi-WAN). Les appels ont besoin d’une adresse publique fixe : faites passer le trafic du PBX par une seule ligne.',
    SCAN_PROTECTION_TRIPPED:
      'La protection du routeur contre les balayages de ports ou les floods a réagi à la vérification : à partir du port {onsetPort} ({onsetSeconds} s après le début du test, après {newPorts} nouveaux ports entrants), elle a jeté les paquets du test venant de {addresses}. Ces échecs n’ont pas été signalés : {how}. Pour vérifier à pleine vitesse, désactivez la protection anti-balayage / anti-flood pour {addresses} pendant la vérification, ou ajoutez-la aux adresses autorisées ; sur MikroTik, retirez-la de la liste d’adresses.',
  },
  scanRetest: {
    paced:
      'la vérification a attendu que les paquets passent de nouveau, puis a retesté {ports} port(s) par petits groupes (au plus {burst} nouveaux ports, puis plus de 3 s de silence)',
    fallback:
      'le blocage a duré plus de {blockedSeconds} s : la vérification a retesté {ports} port(s) par le serveur {server}, qui répond depuis des adresses qui n’étaient pas bloquées',
    blocked:
      'le blocage a duré plus de {blockedSeconds} s et aucun autre serveur répondant depuis une autre adresse n’était disponible : {ports} port(s) n’ont pas pu être testés',
  },
  bundle: {
    saved: 'Paquet de diagnostic enregistré',
    failed:
      'la vérification a eu lieu, mais son paquet de diagnostic n’a pas pu être enregistré (le rapport ci-dessus est complet)',
    refused: 'le paquet de diagnostic ne peut pas être enregistré à cet endroit, rien n’a donc été vérifié',
    path: {
      FOLDER_MISSING: 'le dossier {folder} n’existe pas',
      NOT_A_FOLDER: '{folder} n’est pas un dossier',
      NOT_WRITABLE: 'aucun fichier ne peut être créé dans {folder}',
      NOT_A_REGULAR_FILE: '{path} est un fichier spécial (tube, périphérique ou socket), pas un fichier',
      SYMLINK: '{path} est un lien symbolique ; les liens ne sont jamais suivis : donnez le vrai chemin',
      IS_A_FOLDER: '{path} est un dossier',
      EXISTS: '{path} existe déjà ; ajoutez --force pour le remplacer',
    },
  },
  firewall: {
    FIREWALL_OFF: 'Le pare-feu de cet ordinateur est désactivé pour le profil réseau actif.',
    FIREWALL_ON: 'Le pare-feu de cet ordinateur est activé.',
    PORTS_NOT_ALLOWED:
      'Aucune règle du pare-feu de cet ordinateur ne laisse entrer l’UDP sur une partie des ports vérifiés.',
    ALLOW_RULE_PRESENT: 'Des règles du pare-feu de cet ordinateur laissent déjà entrer ces ports vérifiés.',
    ALLOW_RULE_CONDITIONAL:
      'Une règle du pare-feu de cet ordinateur ne laisse entrer certains ports vérifiés que depuis certaines adresses ou interfaces ; les réponses du serveur STUN, comme les appelants, peuvent ne pas y correspondre.',
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
  restore: {
    pending:
      'Les services du PBX {services} ont été arrêtés par une vérification précédente (processus {pid}, {time}) qui ne s’est jamais terminée.',
    starting: 'Redémarrage en cours.',
    done: 'Redémarrés : {services}.',
    failed: 'Impossible de démarrer {services}. Lancez ceci en administrateur ou en root :',
    needsElevation:
      'Les démarrer demande une invite élevée ou root : lancez « voip-fwcheck restore-services » ainsi, ou lancez :',
    running:
      'Une vérification encore en cours (processus {pid}) a arrêté {services} à {time} ; elle les redémarrera en se terminant.',
    nothing: 'Aucun service du PBX n’est resté arrêté par ce programme.',
    invalid: 'Un marqueur d’arrêt a été trouvé mais il n’est pas fiable, rien n’a été démarré : {reason}',
    restarting: 'Redémarrage des services du PBX avant la fermeture…',
    ask: 'Les redémarrer maintenant ?',
    startNow: 'Démarrer les services du PBX',
    later: 'Plus tard',
  },
  path: {
    heading: 'Le chemin vers internet',
    findings: {
      CARRIER_GRADE_NAT: {
        title: 'Votre ligne internet n’a pas d’adresse IPv4 publique à elle (NAT de l’opérateur, CGNAT)',
        explanation:
          'L’adresse {address} est dans 100.64.0.0/10, la plage que les opérateurs utilisent pour leur NAT partagé : le côté internet de votre routeur se trouve lui-même derrière le NAT de l’opérateur, partagé avec d’autres clients. Aucune redirection faite sur votre routeur ne peut amener les appels d’internet jusqu’au PBX, quoi que vous configuriez.',
        remediation: [
          'Demandez à votre opérateur une adresse IPv4 publique à vous (« IP fixe », « IP publique », ou « double pile au lieu de DS-Lite ») ; certains la donnent gratuitement sur demande, d’autres la facturent.',
          'En attendant, utilisez un trunk SIP et des postes distants qui s’enregistrent depuis le PBX vers l’extérieur (le PBX garde la connexion ouverte), ou le tunnel ou SBC proposé par l’éditeur de votre PBX.',
          'Relancez la vérification une fois la ligne modifiée par l’opérateur.',
        ],
      },
      DOUBLE_NAT: {
        title: 'Deux routeurs traduisent les adresses, l’un derrière l’autre (double NAT)',
        explanation:
          'Un second routeur se trouve entre votre routeur et internet : {address} est sur le chemin de sortie et c’est une adresse privée, ou l’adresse internet de votre routeur n’est pas l’adresse publique que voit internet. Les paquets venus de l’extérieur arrivent sur ce premier appareil, la box ou le modem de l’opérateur, et s’y arrêtent s’il ne les redirige pas lui aussi.',
        remediation: [
          'Passez la box ou le modem de l’opérateur en mode bridge (aussi appelé « mode modem » ou « IP passthrough ») pour que votre routeur reçoive lui-même l’adresse publique.',
          'Si ce n’est pas possible, redirigez les mêmes ports UDP, sans les changer, sur les deux appareils : sur la box vers l’adresse internet de votre routeur, sur votre routeur vers le PBX.',
          'Relancez la vérification.',
        ],
      },
      UPNP_MAPPINGS_ELSEWHERE: {
        title: 'L’UPnP du routeur envoie des ports vérifiés vers un autre ordinateur',
        explanation:
          'Le routeur liste des redirections UPnP pour {ports} qui pointent vers {hosts}, pas vers cet ordinateur. Une telle redirection prend les paquets avant votre propre règle, ce qui explique les échecs sur ces ports.',
        remediation: [
          'Dans la page UPnP du routeur, supprimez les redirections de ces ports, ou coupez l’UPnP sur l’appareil vers lequel elles pointent (souvent un ancien PBX, un téléphone ou une console de jeu).',
          'Vérifiez ensuite que vos propres règles de redirection pour ces ports pointent vers l’adresse de cet ordinateur.',
          'Relancez la vérification.',
        ],
      },
      UPNP_ENABLED: {
        title: 'L’UPnP est activé sur le routeur',
        explanation:
          'Le routeur répond aux requêtes UPnP : n’importe quel programme du réseau peut y ouvrir des ports sans rien demander. Beaucoup d’éditeurs de PBX conseillent de le couper, pour que seules vos propres règles de redirection s’appliquent.',
        remediation: [
          'Si aucun appareil de votre réseau n’a besoin de l’UPnP, coupez-le dans les réglages du routeur.',
        ],
      },
      ENDPOINT_DEPENDENT_MAPPING: {
        title: 'Votre routeur ne garde le port que vers un seul serveur',
        explanation:
          'Les paquets envoyés depuis le port {port} vers une adresse d’internet sont sortis sous un port public, et ceux vers une autre adresse sous un autre. Le routeur ne garde le port que vers la première destination : les opérateurs et les postes distants, à qui le PBX annonce son port, n’atteignent rien. Une redirection un pour un manque pour ce port, ou une autre règle passe avant.',
        remediation: [
          'Sur le routeur, créez une redirection statique un pour un (même numéro de port dehors et dedans) des ports du PBX vers cet ordinateur.',
          'Faites garder au NAT sortant le port source du PBX (« static port », « port preservation », « NAT constant »).',
          'Relancez la vérification.',
        ],
      },
    },
    explainsFailures: 'La section « Le chemin vers internet » dit pourquoi : {finding}.',
    mapping: {
      'endpoint-independent': 'Le routeur garde le même port public quelle que soit la destination.',
      'address-dependent': 'Le routeur donne à chaque adresse de destination son propre port public.',
      'address-and-port-dependent': 'Le routeur donne à chaque adresse et port de destination son propre port public.',
    },
    hops: 'Sauts vers le serveur STUN',
    noAnswer: 'pas de réponse',
    router: 'Le routeur dit',
    noRouter:
      'Le routeur n’a répondu à aucun des protocoles par lesquels un programme lui demande une redirection (UPnP, NAT-PMP, PCP).',
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
  compare: {
    heading: 'Comparaison avec la vérification du {when}',
    old: 'Avant',
    new: 'Maintenant',
    regression: 'Régression : {ports} port(s) qui passaient échouent maintenant.',
    regressionWarnings: 'Régression : nouveau depuis la vérification précédente : {warnings}.',
    noRegression: 'Aucune régression : rien de ce qui passait n’échoue maintenant.',
    fixed: 'Corrigés (échouaient, passent maintenant)',
    broken: 'Cassés (passaient, échouent maintenant)',
    stillFailing: 'Toujours en échec',
    notCompared: 'Non testés lors de l’une des deux vérifications',
    was: 'avant : {old}',
    nothingChanged: 'Aucun port n’a changé de résultat.',
    changed: 'Ce qui a changé',
    facts: {
      code: 'Verdict',
      publicAddress: 'Adresse publique',
      server: 'Serveur STUN',
      sipAlg: 'SIP ALG (adresses réécrites)',
    },
    yes: 'oui',
    no: 'non',
    none: 'aucun',
    warningAdded: 'Nouvel avertissement',
    warningRemoved: 'Avertissement disparu',
    notShared: 'Non comparé',
    onlyOld: 'Vérifiés lors de la vérification précédente seulement : {ports} ({count} ports)',
    onlyNew: 'Vérifiés lors de cette vérification seulement : {ports} ({count} ports)',
    schemas:
      'Les rapports ont des versions de schéma différentes ({old}, {new}) : comparés sur les ports et les codes présents dans les deux.',
    fields: 'Absent de l’un des rapports (écrit par une autre version), donc non comparé : {fields}.',
    notAReport: '{path} n’est pas un rapport de vérification',
    noEarlierRun: 'Aucune vérification antérieure dans l’historique à comparer.',
    historyFailed: 'cette vérification n’a pas pu être ajoutée à l’historique ({reason})',
    baselineRefused: 'la référence est illisible, rien n’a été vérifié : {reason}',
  },
  portMap: {
    title: 'Carte des ports',
    sections: { sip: 'SIP', tunnel: 'Tunnel', media: 'Média', other: 'Autres ports' },
    summary: 'Carte de {total} ports UDP, par rangées de 100.',
    legend: 'Légende',
  },
  history: {
    title: 'Vérifications précédentes',
    empty: 'Aucune vérification précédente : chaque vérification lancée est gardée ici (les 100 dernières).',
    when: 'Quand',
    verdict: 'Résultat',
    counts: 'Ports',
    countsText: '✓ {passed} réussis · ✗ {failed} en échec',
    notTestedText: '· {notTested} non testés',
    open: 'Ouvrir',
    compare: 'Comparer avec la vérification affichée',
    shown: 'affichée',
    problems: {
      NOT_FOUND: 'supprimée entre-temps',
      DAMAGED: 'fichier endommagé, illisible',
      NOT_A_FILE: 'pas un fichier ordinaire, non lu',
      TOO_LARGE: 'fichier trop gros, non lu',
    },
    viewing: 'Vous consultez une vérification précédente, du {when}.',
    backToLatest: 'Revenir à la dernière vérification',
    unreadable: 'Impossible d’ouvrir cette vérification : {reason}',
    compareTitle: 'Avant et après',
    compareWith: 'Comparer avec',
    previous: 'la vérification d’avant',
    noEarlier: 'Aucune vérification précédente à comparer : relancez la vérification après avoir modifié le routeur.',
    loading: 'Chargement…',
    mapCell: 'Port {port} : {short} [{code}]',
    mapHint:
      'Pointez un port, ou placez le focus sur la carte et utilisez les flèches (Début, Fin, Page préc./suiv.) ; Entrée ouvre son résultat.',
    mapInWords: 'La carte en mots',
  },
};
