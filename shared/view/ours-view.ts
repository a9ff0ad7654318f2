/**
 * The view of the tests only our own test server makes possible (issue 11): the SIP ALG test per
 * transport, with what was changed, added or removed, and the TCP forwards per port, in one
 * language. Plain TypeScript (the renderer compiles it); renderers only lay it out.
 */
import type { Language, PortCode, SipCode } from '../codes';
import { catalogs, format } from '../messages';
import type { PortResult, Report, SipDifference } from '../report';
import type { TcpPortCode } from '../catalog-types';
import { SIGNS, toneOf, type Tone } from './groups';

/** One transport of the SIP ALG test. */
export interface SipRowView {
  transport: 'udp' | 'tcp';
  code: SipCode;
  tone: Tone;
  sign: string;
  /** `SIP over UDP` */
  label: string;
  title: string;
  text: string;
  /** `Via changed: … → …`, one line per difference (values cut at 120 characters). */
  changes: string[];
  /** Where it was sent from and seen from, or null without an answer. */
  note: string | null;
}

/** One TCP port of the forward test. */
export interface TcpRowView {
  port: number;
  code: PortCode;
  tone: Tone;
  sign: string;
  /** `TCP 5060` */
  label: string;
  title: string;
  /** For people only (`connection refused`…), or null. */
  detail: string | null;
}

/** The section: absent from a report that has neither `sip` nor TCP ports. */
export interface OursView {
  heading: string;
  intro: string;
  sip: SipRowView[];
  /** What to do about the SIP findings (each failing code's steps once). */
  sipSteps: string[];
  tcpHeading: string;
  tcp: TcpRowView[];
  /** What to do about the failing TCP ports, once. */
  tcpSteps: string[];
  /** The TCP explanation of the worst TCP code, or null when every TCP port passed. */
  tcpText: string | null;
}

const SIP_TONES: Record<SipCode, Tone> = { SIP_ALG_DETECTED: 'fail', SIP_UNCHANGED: 'pass', SIP_NO_RESPONSE: 'fail' };
const TCP_ORDER: TcpPortCode[] = ['INBOUND_NO_RESPONSE', 'PORT_IN_USE', 'NOT_TESTED'];

// Values come from the network: no control character reaches a renderer, and none runs long.
const clean = (value: string): string => {
  const text = value.replace(/[\p{Cc}\p{Cf}]/gu, ' ');
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
};

function changeLine(d: SipDifference, words: { changed: string; added: string; removed: string }): string {
  const label = `${d.field} ${words[d.change]}`;
  if (d.change === 'added') return `${label}: ${clean(d.received ?? '')}`;
  if (d.change === 'removed') return `${label}: ${clean(d.sent ?? '')}`;
  return `${label}: ${clean(d.sent ?? '')} → ${clean(d.received ?? '')}`;
}

const isTcpCode = (code: PortCode): code is TcpPortCode => code === 'PASS' || (TCP_ORDER as PortCode[]).includes(code);

/** Builds the section in `language`; null when the report has no result of these tests. */
export function buildOursView(report: Report, language: Language): OursView | null {
  const tcpPorts: PortResult[] = report.ports.filter((p) => p.protocol === 'tcp');
  if (!report.sip && tcpPorts.length === 0) return null;
  const words = catalogs[language].ours;
  const fallback = catalogs[language].ports;
  const sip = (report.sip ?? []).map((s): SipRowView => {
    const text = words.sip[s.code];
    const transport = words.transport[s.transport];
    const tone = SIP_TONES[s.code];
    return {
      transport: s.transport,
      code: s.code,
      tone,
      sign: SIGNS[tone],
      label: transport,
      title: text.title,
      text: format(text.explanation, { transport, fields: s.changed.join(', ') }),
      changes: (s.differences ?? []).map((d) => changeLine(d, words.change)),
      note: s.local && s.source ? format(words.sentFrom, { local: s.local, source: s.source }) : null,
    };
  });
  const failingSip = [...new Set(sip.filter((s) => s.tone === 'fail').map((s) => s.code))];
  const tcp = tcpPorts.map((p): TcpRowView => {
    const tone = toneOf(p.code);
    return {
      port: p.port,
      code: p.code,
      tone,
      sign: SIGNS[tone],
      label: format(words.tcpRow, { port: String(p.port) }),
      title: isTcpCode(p.code) ? words.tcp[p.code].title : fallback[p.code].title,
      detail: p.detail ?? null,
    };
  });
  const worst = TCP_ORDER.find((code) => tcp.some((t) => t.code === code));
  return {
    heading: words.heading,
    intro: format(words.intro, { server: report.server?.name ?? '' }),
    sip,
    sipSteps: failingSip.flatMap((code) => words.sip[code].remediation),
    tcpHeading: words.tcpHeading,
    tcp,
    tcpSteps: worst ? words.tcp[worst].remediation : [],
    tcpText: worst ? words.tcp[worst].explanation : null,
  };
}
