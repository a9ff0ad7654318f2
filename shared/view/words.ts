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
  secondAddress: 'tests the forwards from',
  publicAddress: 'Public address',
  duration: 'Duration',
  results: 'Results',
  whatToDo: 'What to do',
  warnings: 'Warnings',
  serversTried: 'STUN servers tried',
  heldBy: 'held by',
  heldStep: 'UDP {ports} is held by {owner}: that is the program to stop for the check.',
  scattered: '{n} ports between {from} and {to}',
  extentAll: 'All {total} ports: {what}.',
  extentOne: '{n} of {total} ports, all of {range}: {what}.',
  extentFew: '{n} of {total} ports ({ranges}): {what}.',
  extentScattered: '{n} of {total} ports, scattered between {from} and {to}: {what}.',
  extentPassed: 'All {total} ports are forwarded one-to-one.',
  extentMore: 'and {n} more ports with other problems',
  extentMoreOne: 'and 1 more port with another problem',
  forwardStep:
    'On the router in front of {public}, forward UDP {ports} to {lan} (this computer), with the same port numbers outside and inside: the rule below.',
  yourPublic: 'your public address',
  unknownLan: 'this computer’s LAN address (ipconfig shows it)',
  alsoLan: 'This computer also has {others}: use the one on the router’s network.',
  ruleHeading: 'Rule to create on the router (port forward, NAT or virtual server)',
  ruleProtocol: 'Protocol',
  ruleExternal: 'External ports',
  ruleAddress: 'Internal address (this computer)',
  ruleInternal: 'Internal ports',
  rulePublic: 'Public address (WAN)',
  ruleAny: 'the router’s WAN address',
  stunExplained:
    'A STUN server is a public server on the internet that tells this computer which public address and port its packets come out with. To test a forward, it answers from a second IP address, one this port never sent anything to: only a port forward lets that answer in. So the check needs servers with two IP addresses.',
  defaultServers: 'default servers ({n})',
  ownServers: 'your servers ({n})',
  fixesOne: 'Run one of these (not both) in PowerShell or a Command Prompt opened with “Run as administrator”:',
  fixesRoot: 'Run this as root (with sudo):',
  adminToStop: {
    win32:
      'To stop the PBX services during the check, this app needs administrator rights: restart it as administrator with the button below (or close it and start it again with right-click → “Run as administrator”).',
    other: 'To stop the PBX services during the check, run the check as root: sudo voip-fwcheck check --stop-services',
  },
  forSupport: 'code for support',
};

const fr: typeof en = {
  pid: 'PID',
  service: 'service',
  user: 'utilisateur',
  stopped: 'arrêté',
  server: 'Serveur STUN',
  secondAddress: 'teste les redirections depuis',
  publicAddress: 'Adresse publique',
  duration: 'Durée',
  results: 'Résultats',
  whatToDo: 'Que faire',
  warnings: 'Avertissements',
  serversTried: 'Serveurs STUN essayés',
  heldBy: 'utilisé par',
  heldStep: 'UDP {ports} est occupé par {owner} : c’est le programme à arrêter pendant la vérification.',
  scattered: '{n} ports entre {from} et {to}',
  extentAll: 'Les {total} ports : {what}.',
  extentOne: '{n} ports sur {total}, tous ceux de {range} : {what}.',
  extentFew: '{n} ports sur {total} ({ranges}) : {what}.',
  extentScattered: '{n} ports sur {total}, dispersés entre {from} et {to} : {what}.',
  extentPassed: 'Les {total} ports sont redirigés un pour un.',
  extentMore: 'et {n} autres ports avec d’autres problèmes',
  extentMoreOne: 'et 1 autre port avec un autre problème',
  forwardStep:
    'Sur le routeur devant {public}, redirigez UDP {ports} vers {lan} (cet ordinateur), avec les mêmes numéros de port à l’extérieur et à l’intérieur : la règle ci-dessous.',
  yourPublic: 'votre adresse publique',
  unknownLan: 'l’adresse locale de cet ordinateur (ipconfig l’affiche)',
  alsoLan: 'Cet ordinateur a aussi {others} : prenez celle du réseau du routeur.',
  ruleHeading: 'Règle à créer sur le routeur (redirection de port, NAT ou serveur virtuel)',
  ruleProtocol: 'Protocole',
  ruleExternal: 'Ports externes',
  ruleAddress: 'Adresse interne (cet ordinateur)',
  ruleInternal: 'Ports internes',
  rulePublic: 'Adresse publique (WAN)',
  ruleAny: 'l’adresse WAN du routeur',
  stunExplained:
    'Un serveur STUN est un serveur public sur internet qui dit à cet ordinateur sous quelle adresse et quel port publics ses paquets sortent. Pour tester une redirection, il répond depuis une seconde adresse IP, à laquelle ce port n’a jamais rien envoyé : seule une redirection de port laisse entrer cette réponse. La vérification demande donc des serveurs à deux adresses IP.',
  defaultServers: 'serveurs par défaut ({n})',
  ownServers: 'vos serveurs ({n})',
  fixesOne:
    'Lancez l’une de ces commandes (pas les deux) dans PowerShell ou une invite de commandes ouverte avec « Exécuter en tant qu’administrateur » :',
  fixesRoot: 'Lancez ceci en root (avec sudo) :',
  adminToStop: {
    win32:
      'Pour arrêter les services du PBX pendant la vérification, cette application doit avoir les droits d’administrateur : redémarrez-la en tant qu’administrateur avec le bouton ci-dessous (ou fermez-la et relancez-la par clic droit → « Exécuter en tant qu’administrateur »).',
    other:
      'Pour arrêter les services du PBX pendant la vérification, lancez-la en root : sudo voip-fwcheck check --stop-services',
  },
  forSupport: 'code pour le support',
};

/** The view's words, by language. */
export const VIEW_WORDS: Record<Language, typeof en> = { en, fr };
