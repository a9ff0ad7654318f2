import { describe, expect, it } from 'vitest';
import { PORT_CODES, RUN_CODES } from '../../../../shared/codes';
import { catalogs, format } from '../../../../shared/messages';

describe('message catalogs', () => {
  it.each(Object.keys(catalogs))('has a title, an explanation and steps for every code in %s', (lang) => {
    const catalog = catalogs[lang as keyof typeof catalogs];
    for (const code of PORT_CODES) {
      expect(catalog.ports[code].title.length).toBeGreaterThan(3);
      expect(catalog.ports[code].explanation.length).toBeGreaterThan(20);
      expect(catalog.portShort[code].length).toBeGreaterThan(3);
      if (code !== 'PASS') expect(catalog.ports[code].remediation.length).toBeGreaterThan(0);
    }
    for (const code of RUN_CODES) {
      expect(catalog.runs[code].title.length).toBeGreaterThan(3);
      if (code !== 'ALL_PASSED') expect(catalog.runs[code].remediation.length).toBeGreaterThan(0);
    }
    expect(format(catalog.sipPortInUse.title, { owner: 'X.exe (PID 1)' })).toContain('X.exe (PID 1)');
  });

  it('has English and French texts that differ (nothing left untranslated)', () => {
    for (const code of PORT_CODES)
      expect(catalogs.fr.ports[code].explanation).not.toBe(catalogs.en.ports[code].explanation);
    for (const code of RUN_CODES) expect(catalogs.fr.runs[code].title).not.toBe(catalogs.en.runs[code].title);
  });

  it('refuses to format a template with a missing value', () => {
    expect(() => format('held by {owner}', {})).toThrow(/owner/);
  });
});
