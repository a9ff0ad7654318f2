import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparisonFiles } from '../../../main/bundle/comparison-files';
import type { Report } from '../../../shared/report';

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(__dirname, '../../fixtures/reports', `${name}.json`), 'utf8')) as Report;

describe('the bundle’s files about the run before', () => {
  it('holds the previous report and the comparison with this one', () => {
    const files = comparisonFiles(fixture('baseline'), fixture('broken'));
    expect(Object.keys(files)).toEqual(['previous-report.json', 'comparison.json']);
    expect(JSON.parse(files['previous-report.json']!)).toEqual(fixture('baseline'));
    const comparison = JSON.parse(files['comparison.json']!);
    expect(comparison).toMatchObject({ schema: 'voip-fwcheck/compare@1', regression: true, counts: { broken: 12 } });
  });

  it('is empty when there is no earlier run', () => {
    expect(comparisonFiles(null, fixture('broken'))).toEqual({});
  });
});
