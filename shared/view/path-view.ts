/**
 * The view of the report's `path` section (issue 12): hops, what the router said, the NAT's
 * mapping in plain words, and the findings with their steps, in one language. Plain TypeScript
 * (the renderer compiles it); renderers only lay it out.
 */
import type { Language, PathFindingCode, PortCode } from '../codes';
import { catalogs } from '../messages';
import { pathFindingText, pathVerdictNote } from '../path-text';
import type { PathReport } from '../report';

/** One finding, ready to show. */
export interface PathFindingView {
  code: PathFindingCode;
  /** `info` for UPNP_ENABLED, `bad` for the findings that explain failures. */
  tone: 'info' | 'bad';
  title: string;
  text: string;
  steps: string[];
}

/** The path section. */
export interface PathView {
  heading: string;
  hopsHeading: string;
  /** `1  192.168.1.1`, a hop that did not answer as "no answer". */
  hops: { ttl: number; address: string; answered: boolean }[];
  routerHeading: string;
  /** null when no router answered: `noRouter` says so. */
  router: { externalAddress: string | null; protocol: string; mappings: string[] } | null;
  noRouter: string;
  /** The mapping behaviour in plain words; null when the test did not run. */
  mapping: string | null;
  findings: PathFindingView[];
}

const PROTOCOL_NAMES = { upnp: 'UPnP IGD', 'nat-pmp': 'NAT-PMP', pcp: 'PCP' } as const;

/** Builds the path section in `language`. */
export function buildPathView(path: PathReport, language: Language): PathView {
  const words = catalogs[language].path;
  return {
    heading: words.heading,
    hopsHeading: words.hops,
    hops: path.hops.map((hop) => ({
      ttl: hop.ttl,
      address: hop.address ?? words.noAnswer,
      answered: hop.address !== null,
    })),
    routerHeading: words.router,
    router: path.router && {
      externalAddress: path.router.externalAddress,
      protocol: PROTOCOL_NAMES[path.router.protocol],
      mappings: path.router.mappings.map(
        (m) =>
          `${m.protocol} ${m.externalPort} → ${m.internalClient}:${m.internalPort}${m.enabled ? '' : ' (off)'}${m.description ? ` “${m.description}”` : ''}`,
      ),
    },
    noRouter: words.noRouter,
    mapping: path.mapping && words.mapping[path.mapping],
    findings: path.findings.map((finding) => {
      const text = words.findings[finding.code];
      return {
        code: finding.code,
        tone: finding.code === 'UPNP_ENABLED' ? 'info' : 'bad',
        title: text.title,
        text: pathFindingText(finding, language),
        steps: text.remediation,
      };
    }),
  };
}

/** The verdict's text, followed by the pointer to the path finding that explains the failures. */
export function verdictTextWithPath(
  text: string,
  report: { ports: readonly { code: PortCode }[]; path?: PathReport },
  language: Language,
): string {
  const note = pathVerdictNote(report, language);
  return note ? `${text} ${note}` : text;
}
