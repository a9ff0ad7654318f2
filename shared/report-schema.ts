/**
 * The one definition of the report document (`voip-fwcheck/report@1`) in valibot. The JSON Schema
 * in shared/report.schema.json is generated from it (`npm run schema`; a unit test fails when the
 * committed file differs), and a compile-time check below keeps it equal to the interfaces of
 * shared/report.ts and shared/preflight.ts. Fields are only ever added, never renamed or removed.
 */
import * as v from 'valibot';
import { PATH_FINDING_CODES, PORT_CODES, RUN_CODES, SIP_CODES, WARNING_CODES } from './codes';
import { FIREWALL_FINDINGS, type Preflight } from './preflight';
import { REPORT_SCHEMA, type Report } from './report';

const int = v.pipe(v.number(), v.integer());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const nullableString = v.nullable(v.string());

const FixCommandSchema = v.object({
  shell: v.picklist(['powershell', 'cmd', 'sh']),
  command: v.string(),
  needsElevation: v.boolean(),
});

const PreflightSchema = v.object({
  platform: v.string(),
  owners: v.object({
    owners: v.array(
      v.object({
        protocol: v.picklist(['udp', 'tcp']),
        port: int,
        address: v.string(),
        family: v.picklist([4, 6]),
        pid: v.nullable(int),
        name: nullableString,
        path: nullableString,
        services: v.array(v.string()),
        user: nullableString,
        pbx: v.boolean(),
      }),
    ),
    excludedRanges: v.array(
      v.object({ protocol: v.picklist(['udp', 'tcp']), from: int, to: int, administered: v.boolean() }),
    ),
    method: v.picklist(['powershell', 'netstat', 'ss', 'proc', 'lsof', 'none']),
    complete: v.boolean(),
    errors: v.array(v.string()),
  }),
  services: v.object({
    pbx: v.array(v.object({ name: v.string(), displayName: v.string(), running: v.boolean() })),
    elevated: v.nullable(v.boolean()),
    stopRequested: v.boolean(),
    stopped: v.array(v.string()),
    restarted: v.array(v.string()),
    failures: v.array(v.object({ service: v.string(), action: v.picklist(['stop', 'start']), message: v.string() })),
    manualRestart: v.nullable(FixCommandSchema),
  }),
  firewall: v.object({
    product: v.picklist([
      'windows-firewall',
      'ufw',
      'firewalld',
      'nftables',
      'iptables',
      'macos-application-firewall',
      'none',
      'unknown',
    ]),
    state: v.picklist(['on', 'off', 'unknown']),
    profiles: v.array(v.object({ name: v.string(), enabled: v.boolean() })),
    activeProfiles: v.array(v.string()),
    findings: v.array(
      v.object({
        kind: v.picklist(FIREWALL_FINDINGS),
        severity: v.picklist(['info', 'warning', 'error']),
        detail: v.string(),
      }),
    ),
    fixes: v.array(FixCommandSchema),
  }),
  durationMs: count,
  lanAddresses: v.optional(v.array(v.string())),
});

const PathProtocolSchema = v.picklist(['upnp', 'nat-pmp', 'pcp']);
const port0 = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535));

const PathSchema = v.object({
  hops: v.array(v.object({ ttl: v.pipe(v.number(), v.integer(), v.minValue(1)), address: nullableString })),
  router: v.nullable(
    v.object({
      externalAddress: nullableString,
      protocol: PathProtocolSchema,
      mappings: v.array(
        v.object({
          protocol: v.picklist(['UDP', 'TCP']),
          externalPort: port0,
          internalClient: v.string(),
          internalPort: port0,
          enabled: v.boolean(),
          description: v.string(),
          remoteHost: nullableString,
        }),
      ),
      answered: v.array(PathProtocolSchema),
    }),
  ),
  mapping: v.nullable(v.picklist(['endpoint-independent', 'address-dependent', 'address-and-port-dependent'])),
  findings: v.array(
    v.strictObject({
      code: v.picklist(PATH_FINDING_CODES),
      text: v.string(),
      values: v.optional(v.record(v.string(), v.string())),
    }),
  ),
});

/** The SIP ALG test against our own server, per transport (issue 11). */
const SipSchema = v.object({
  transport: v.picklist(['udp', 'tcp']),
  code: v.picklist(SIP_CODES),
  changed: v.array(v.string()),
  differences: v.optional(
    v.array(
      v.object({
        field: v.string(),
        change: v.picklist(['changed', 'added', 'removed']),
        sent: nullableString,
        received: nullableString,
      }),
    ),
  ),
  local: v.optional(v.string()),
  source: v.optional(v.string()),
});

/** The report document, as `--json` prints it and report.json holds it. */
export const ReportSchema = v.pipe(
  v.object({
    schema: v.literal(REPORT_SCHEMA),
    code: v.picklist(RUN_CODES),
    server: v.nullable(
      v.object({
        name: v.string(),
        primary: v.string(),
        alternate: v.string(),
        alternateSource: v.picklist(['OTHER-ADDRESS', 'CHANGED-ADDRESS']),
        changeRequestVerified: v.boolean(),
        software: nullableString,
      }),
    ),
    publicAddress: nullableString,
    summary: v.strictObject({ total: count, passed: count, failed: count, notTested: count }),
    ports: v.array(
      v.object({
        port: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535)),
        protocol: v.picklist(['udp', 'tcp']),
        code: v.picklist(PORT_CODES),
        mapped: nullableString,
        owner: v.nullable(v.object({ pid: int, name: v.string() })),
        detail: v.pipe(v.optional(v.string()), v.description('For people only: never parsed.')),
        mappedRewritten: v.optional(v.literal(true)),
        sent: v.optional(count),
      }),
    ),
    durationMs: count,
    startedAt: v.string(),
    settings: v.object({
      stun: v.array(v.string()),
      ports: v.string(),
      publicIp: nullableString,
      concurrency: int,
      rate: int,
      timeoutMs: int,
      order: v.picklist(['sequential', 'shuffled']),
    }),
    servers: v.array(
      v.object({
        name: v.string(),
        resolved: v.array(v.string()),
        code: v.nullable(v.picklist(RUN_CODES)),
        detail: v.pipe(v.string(), v.description('For people only: never parsed.')),
      }),
    ),
    stats: v.object({ packetsSent: int, packetsReceived: int }),
    warnings: v.array(
      v.strictObject({
        code: v.picklist(WARNING_CODES),
        ports: v.pipe(v.number(), v.integer(), v.minValue(1)),
        addresses: v.array(v.string()),
        text: v.string(),
        values: v.optional(v.record(v.string(), v.string())),
      }),
    ),
    preflight: v.optional(PreflightSchema),
    path: v.optional(PathSchema),
    sip: v.optional(v.array(SipSchema)),
  }),
  v.title(REPORT_SCHEMA),
  v.description(
    'The report of one VoIP firewall check: `voip-fwcheck check --json`, the GUI’s results and the bundle’s report.json. Fields are only ever added.',
  ),
);

// Compile-time guard: the valibot definition and the interfaces describe the same document. Adding
// a field to one without the other fails the typecheck here.
type Deep<T> = T extends object ? { [K in keyof T]: Deep<T[K]> } : T;
type Same<A, B> = (<T>() => T extends Deep<A> ? 1 : 2) extends <T>() => T extends Deep<B> ? 1 : 2 ? true : false;
const reportMatches: Same<v.InferOutput<typeof ReportSchema>, Report> = true;
const preflightMatches: Same<v.InferOutput<typeof PreflightSchema>, Preflight> = true;
void reportMatches;
void preflightMatches;
