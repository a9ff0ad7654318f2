import Ajv from 'ajv';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { reportJsonSchema } from '../../../shared/report-json-schema';
import { ReportSchema } from '../../../shared/report-schema';
import committed from '../../../shared/report.schema.json';
import { samplePreflight } from '../../support/preflight';
import { sampleReport } from '../../support/report';

const full = () =>
  sampleReport({
    ports: [
      { port: 5060, protocol: 'udp', code: 'PORT_IN_USE', mapped: null, owner: { pid: 4312, name: '3CX' } },
      {
        port: 9000,
        protocol: 'udp',
        code: 'PASS',
        mapped: '203.0.113.2:9000',
        owner: null,
        detail: 'answer-from-alternate',
        mappedRewritten: true,
        sent: 2,
      },
    ],
    servers: [{ name: 's.example:3478', resolved: ['203.0.113.100'], code: null, detail: 'picked' }],
    warnings: [{ code: 'MAPPED_ADDRESS_REWRITTEN', ports: 1, addresses: [], text: 'English' }],
    preflight: samplePreflight(),
  });

// Strict: a keyword ajv does not know (a typo in the generator's output) fails the compile.
const validate = new Ajv({ allErrors: true, strict: true }).compile(committed);

describe('the report schema', () => {
  it('is committed exactly as generated from the valibot definition (run `npm run schema` after a change)', () => {
    expect(committed).toEqual(reportJsonSchema());
  });

  it('keeps its identity and the fields every report has', () => {
    expect(committed.title).toBe('voip-fwcheck/report@1');
    expect(committed.$id).toBe('https://voip-fwcheck.invalid/schemas/report@1.json');
    expect(committed.required).toEqual([
      'schema',
      'code',
      'server',
      'publicAddress',
      'summary',
      'ports',
      'durationMs',
      'startedAt',
      'settings',
      'servers',
      'stats',
      'warnings',
    ]);
  });

  it('accepts a full report, with its pre-flight, in ajv (strict) and in valibot alike', () => {
    const report = JSON.parse(JSON.stringify(full())) as unknown;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(v.safeParse(ReportSchema, report).success).toBe(true);
    expect(validate(JSON.parse(JSON.stringify(sampleReport({ server: null, publicAddress: null }))))).toBe(true);
  });

  it.each([
    ['an unknown port code', (r: Record<string, unknown>) => ((r.ports as { code: string }[])[0]!.code = 'MAYBE')],
    ['a missing summary', (r: Record<string, unknown>) => delete r.summary],
    ['a port out of range', (r: Record<string, unknown>) => ((r.ports as { port: number }[])[0]!.port = 70000)],
    ['an extra field in a warning', (r: Record<string, unknown>) => ((r.warnings as object[])[0] = { x: 1 })],
    [
      'an unknown firewall finding',
      (r: Record<string, unknown>) =>
        ((r.preflight as { firewall: { findings: { kind: string }[] } }).firewall.findings[0]!.kind = 'OPEN'),
    ],
    ['another schema id', (r: Record<string, unknown>) => (r.schema = 'voip-fwcheck/report@2')],
  ])('refuses %s in both', (_name, spoil) => {
    const report = JSON.parse(JSON.stringify(full())) as Record<string, unknown>;
    spoil(report);
    expect(validate(report)).toBe(false);
    expect(v.safeParse(ReportSchema, report).success).toBe(false);
  });
});
