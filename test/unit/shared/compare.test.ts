import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareReports, COMPARE_SCHEMA } from '../../../shared/compare';
import { CompareInputError, readComparable } from '../../../shared/compare-input';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '../../fixtures/reports', `${name}.json`), 'utf8'));

const changes = (list: { from: string; to: string; label: string }[]) =>
  list.map((g) => `${g.label} ${g.from}>${g.to}`);

describe('comparing two real reports', () => {
  it('finds nothing fixed or broken between two runs against the same router', () => {
    const c = compareReports(fixture('baseline'), fixture('identical'));
    expect(c.schema).toBe(COMPARE_SCHEMA);
    expect(c.regression).toBe(false);
    expect(c.fixed).toEqual([]);
    expect(c.broken).toEqual([]);
    expect(changes(c.stillFailing)).toEqual([
      '9060–9064 OUTBOUND_NO_RESPONSE>OUTBOUND_NO_RESPONSE',
      '9050–9059 INBOUND_NO_RESPONSE>INBOUND_NO_RESPONSE',
    ]);
    expect(c.counts).toEqual({ shared: 102, stillPassing: 87, fixed: 0, broken: 0, stillFailing: 15, notCompared: 0 });
    expect(c.changes).toEqual([]);
    expect(c.notShared).toEqual({
      onlyOld: { ranges: [], label: '', count: 0 },
      onlyNew: { ranges: [], label: '', count: 0 },
      schemas: null,
      fields: [],
    });
  });

  it('lists the ports a new forward fixed, and what still fails', () => {
    const c = compareReports(fixture('baseline'), fixture('fixed'));
    expect(c.regression).toBe(false);
    expect(changes(c.fixed)).toEqual(['9050–9059 INBOUND_NO_RESPONSE>PASS']);
    expect(changes(c.stillFailing)).toEqual(['9060–9064 OUTBOUND_NO_RESPONSE>OUTBOUND_NO_RESPONSE']);
    expect(c.counts.fixed).toBe(10);
  });

  it('calls a port that passed and fails now a regression, grouped by its new code', () => {
    const c = compareReports(fixture('baseline'), fixture('broken'));
    expect(c.regression).toBe(true);
    expect(c.regressions).toEqual({ ports: 12, warnings: [] });
    expect(changes(c.broken)).toEqual([
      '5060 PASS>PORT_IN_USE',
      '9080–9089 PASS>PORT_TRANSLATED',
      '5090 PASS>INBOUND_NO_RESPONSE',
    ]);
    expect(c.counts.stillFailing).toBe(15);
  });

  it('reads the other way round as fixed, not broken', () => {
    const c = compareReports(fixture('broken'), fixture('baseline'));
    expect(c.regression).toBe(false);
    expect(c.counts.fixed).toBe(12);
  });

  it('compares reports with different port lists on the ports both checked and names the rest', () => {
    const c = compareReports(fixture('baseline'), fixture('other-ports'));
    expect(c.old.ports).toBe('5060,5090,9000-9099');
    expect(c.new.ports).toBe('5060,9050-9149');
    expect(c.counts.shared).toBe(51);
    expect(c.notShared.onlyOld.label).toBe('5090, 9000–9049');
    expect(c.notShared.onlyNew.label).toBe('9100–9149');
    expect(changes(c.fixed)).toEqual(['9060–9064 OUTBOUND_NO_RESPONSE>PASS', '9050–9059 INBOUND_NO_RESPONSE>PASS']);
    // 9100–9109 fail in the new run only: never checked before, so not a regression.
    expect(c.regression).toBe(false);
  });

  it('compares an early report@1 (warnings as sentences) on what it shares and says warnings were not compared', () => {
    const c = compareReports(fixture('early-schema'), fixture('broken'));
    expect(c.regression).toBe(true);
    expect(c.counts.broken).toBe(12);
    expect(c.notShared.fields).toEqual(['warnings']);
    expect(c.changes.map((x) => x.fact)).not.toContain('sipAlg');
    expect(c.warnings).toEqual({ added: [], removed: [] });
  });

  it('compares a later schema version on what it shares, setting aside codes it does not know', () => {
    const later = fixture('identical') as { schema: string; ports: { port: number; code: string }[] };
    later.schema = 'voip-fwcheck/report@2';
    later.ports[0]!.code = 'SOME_FUTURE_CODE';
    const c = compareReports(fixture('baseline'), later);
    expect(c.notShared.schemas).toEqual({ old: 'voip-fwcheck/report@1', new: 'voip-fwcheck/report@2' });
    expect(changes(c.notCompared)).toEqual(['5060 PASS>SOME_FUTURE_CODE']);
    expect(c.regression).toBe(false);
  });
});

describe('run facts', () => {
  const base = () =>
    fixture('identical') as Record<string, unknown> & { warnings: unknown[]; ports: { port: number; code: string }[] };

  it('names a changed public address, STUN server and verdict', () => {
    const after = base();
    after.publicAddress = '198.51.100.7';
    after.server = { name: 'stun.example.org:3478', primary: '198.51.100.1:3478', alternate: '198.51.100.2:3479' };
    after.code = 'ALL_FAILED';
    expect(compareReports(fixture('baseline'), after).changes).toEqual([
      { fact: 'code', old: 'SOME_FAILED', new: 'ALL_FAILED' },
      { fact: 'publicAddress', old: '127.0.0.1', new: '198.51.100.7' },
      { fact: 'server', old: expect.stringMatching(/^127\.0\.0\.1:\d+$/), new: 'stun.example.org:3478' },
    ]);
  });

  it('treats SIP ALG turned back on as a regression even when every port still passes', () => {
    const after = base();
    after.warnings = [{ code: 'MAPPED_ADDRESS_REWRITTEN', ports: 3, addresses: [], text: 'x' }];
    const c = compareReports(fixture('baseline'), after);
    expect(c.regression).toBe(true);
    expect(c.regressions).toEqual({ ports: 0, warnings: ['MAPPED_ADDRESS_REWRITTEN'] });
    expect(c.changes).toContainEqual({ fact: 'sipAlg', old: 'no', new: 'yes' });
    expect(c.warnings).toEqual({ added: ['MAPPED_ADDRESS_REWRITTEN'], removed: [] });
    // Gone again: not a regression the other way round.
    expect(compareReports(after, fixture('baseline')).regression).toBe(false);
  });

  it('does not count a port that was not tested in one run, either way', () => {
    const after = base();
    after.ports[0]!.code = 'NOT_TESTED';
    const c = compareReports(fixture('baseline'), after);
    expect(c.regression).toBe(false);
    expect(changes(c.notCompared)).toEqual(['5060 PASS>NOT_TESTED']);
  });
});

describe('reading a document to compare', () => {
  it.each([
    [null, ''],
    [{ schema: 'something/else@1', code: 'X', ports: [] }, 'schema'],
    [{ schema: 'voip-fwcheck/report@1', code: 'X' }, 'ports'],
    [{ schema: 'voip-fwcheck/report@1', code: 'X', ports: [{ port: 0, code: 'PASS' }] }, 'ports.0.port'],
  ])('refuses %j naming the field at fault', (doc, field) => {
    expect(() => readComparable(doc)).toThrow(CompareInputError);
    try {
      readComparable(doc);
    } catch (error) {
      expect((error as CompareInputError).field).toBe(field);
    }
  });

  it('keeps the first result of a port listed twice', () => {
    const doc = {
      schema: 'voip-fwcheck/report@1',
      code: 'SOME_FAILED',
      ports: [
        { port: 9000, code: 'PASS' },
        { port: 9000, code: 'INBOUND_NO_RESPONSE' },
      ],
    };
    expect(readComparable(doc).ports).toEqual([{ port: 9000, code: 'PASS' }]);
  });
});
