import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import sample2027 from './fixtures/2027-sample.json' with { type: 'json' };
import { parseArrangement, type ArrangementParseResult } from './arrangement-file';
import { isWeekendDate, statutoryCoreDays } from './working-days';

type Entry = { date: string; name?: unknown };
type RawFile = { year?: unknown; holidays?: unknown; workdays?: unknown; [key: string]: unknown };

// A fresh deep copy of the sample, to edit one thing per test.
function sampleWith(edit: (file: { year: unknown; holidays: Entry[]; workdays: Entry[] }) => void): RawFile {
  const file = structuredClone(sample2027) as { year: unknown; holidays: Entry[]; workdays: Entry[] };
  edit(file);
  return file;
}

function errorsOf(result: ArrangementParseResult): Array<{ path: string; message: string; messageEn: string }> {
  if (result.ok) {
    throw new Error('expected the file to be rejected');
  }
  return result.errors;
}

describe('parseArrangement: the 2027 sample', () => {
  const result = parseArrangement(sample2027);

  it('parses into sorted override rows with no warnings', () => {
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(result.year).toBe(2027);
    expect(result.warnings).toEqual([]);
    expect(result.overrides).toHaveLength(sample2027.holidays.length + sample2027.workdays.length);
    const dates = result.overrides.map((o) => o.date);
    expect(dates).toEqual([...dates].sort());
    expect(result.overrides).toContainEqual({ date: '2027-02-05', kind: 'holiday', name: '春节' });
    expect(result.overrides).toContainEqual({ date: '2027-02-20', kind: 'working', name: '春节调休' });
  });

  it('contains every statutory day and only weekend 调休 days', () => {
    const holidays = new Set(sample2027.holidays.map((h) => h.date));
    expect(statutoryCoreDays(2027).every((d) => holidays.has(d.date))).toBe(true);
    expect(sample2027.workdays.every((w) => isWeekendDate(w.date))).toBe(true);
    expect(sample2027.note).toMatch(/SAMPLE/);
  });
});

describe('parseArrangement: rejected files', () => {
  it.each([null, [], 'text', 2027])('rejects a non-object %j at the root', (input) => {
    expect(errorsOf(parseArrangement(input))).toEqual([{ path: '', message: expect.any(String) as string, messageEn: expect.any(String) as string }]);
  });

  it.each([undefined, '2027', 2027.5, 1999, 2101])('rejects year %j', (year) => {
    const errors = errorsOf(parseArrangement(sampleWith((f) => { f.year = year; })));
    expect(errors.map((e) => e.path)).toContain('year');
  });

  it('rejects an empty holiday list and a missing workday list', () => {
    expect(errorsOf(parseArrangement({ year: 2027, holidays: [], workdays: [] })).map((e) => e.path)).toEqual(['holidays']);
    expect(errorsOf(parseArrangement({ year: 2027, holidays: sample2027.holidays })).map((e) => e.path)).toEqual(['workdays']);
  });

  it('rejects a date that does not exist', () => {
    const errors = errorsOf(parseArrangement(sampleWith((f) => { f.holidays.push({ date: '2027-02-29', name: 'x' }); })));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe(`holidays[${sample2027.holidays.length}].date`);
  });

  it('rejects a date outside the file’s year', () => {
    const errors = errorsOf(parseArrangement(sampleWith((f) => { f.holidays[0] = { date: '2028-01-01', name: '元旦' }; })));
    expect(errors[0]).toMatchObject({ path: 'holidays[0].date' });
    expect(errors[0]?.message).toContain('2027');
    expect(errors[0]?.messageEn).toContain('2027');
  });

  it('rejects a date listed twice in one list', () => {
    const errors = errorsOf(parseArrangement(sampleWith((f) => { f.holidays.push({ date: '2027-10-01', name: '国庆节' }); })));
    expect(errors.map((e) => e.path)).toEqual([`holidays[${sample2027.holidays.length}].date`]);
  });

  it('rejects a date in both lists', () => {
    const errors = errorsOf(parseArrangement(sampleWith((f) => { f.workdays.push({ date: '2027-02-13', name: '春节调休' }); })));
    expect(errors).toEqual([{ path: `workdays[${sample2027.workdays.length}].date`, message: expect.stringContaining('2027-02-13') as string, messageEn: expect.stringContaining('both') as string }]);
  });

  it('rejects a 调休 working day that is not a weekend day', () => {
    // 2027-03-03 is a Wednesday.
    const errors = errorsOf(parseArrangement(sampleWith((f) => { f.workdays.push({ date: '2027-03-03' }); })));
    expect(errors).toEqual([{ path: `workdays[${sample2027.workdays.length}].date`, message: expect.stringContaining('周六或周日') as string, messageEn: expect.stringContaining('Saturday or Sunday') as string }]);
  });

  it('rejects a malformed entry or name', () => {
    expect(errorsOf(parseArrangement(sampleWith((f) => { f.holidays.push('2027-03-03' as unknown as Entry); }))).map((e) => e.path)).toEqual([
      `holidays[${sample2027.holidays.length}]`,
    ]);
    expect(errorsOf(parseArrangement(sampleWith((f) => { f.holidays[0] = { date: '2027-01-01', name: 7 }; }))).map((e) => e.path)).toEqual(['holidays[0].name']);
    expect(errorsOf(parseArrangement(sampleWith((f) => { f.holidays[0] = { date: '2027-01-01', name: '元'.repeat(51) }; }))).map((e) => e.path)).toEqual(['holidays[0].name']);
  });

  it('reports every problem at once, each in Chinese and English', () => {
    const errors = errorsOf(parseArrangement({ year: 2027, holidays: [{ date: '2027-13-01' }, { date: '2026-12-31' }], workdays: [{ date: '2027-03-03' }] }));
    expect(errors.map((e) => e.path)).toEqual(['holidays[0].date', 'holidays[1].date', 'workdays[0].date']);
    for (const e of errors) {
      expect(e.message.length).toBeGreaterThan(0);
      expect(e.messageEn.length).toBeGreaterThan(0);
    }
  });
});

describe('parseArrangement: warnings', () => {
  it('warns, without blocking, when a statutory day is missing from the holidays', () => {
    const result = parseArrangement(sampleWith((f) => { f.holidays = f.holidays.filter((h) => h.date !== '2027-10-03'); }));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0]?.message).toContain('2027-10-03');
      expect(result.warnings[0]?.messageEn).toContain('National Day');
    }
  });
});

describe('parseArrangement: any well-formed file', () => {
  const YEAR = 2029;
  const dayOfYear = fc.integer({ min: 0, max: 364 }).map((k) => new Date(Date.UTC(YEAR, 0, 1 + k)).toISOString().slice(0, 10));

  it('round-trips its dates into override rows', () => {
    fc.assert(
      fc.property(fc.uniqueArray(dayOfYear, { minLength: 1, maxLength: 40 }), fc.uniqueArray(dayOfYear, { maxLength: 10 }), (holidays, candidates) => {
        const holidaySet = new Set(holidays);
        const workdays = candidates.filter((d) => isWeekendDate(d) && !holidaySet.has(d));
        const result = parseArrangement({
          year: YEAR,
          holidays: holidays.map((date) => ({ date, name: '假日' })),
          workdays: workdays.map((date) => ({ date })),
        });
        expect(result.ok).toBe(true);
        if (result.ok) {
          expect(result.overrides.filter((o) => o.kind === 'holiday').map((o) => o.date)).toEqual([...holidays].sort());
          expect(result.overrides.filter((o) => o.kind === 'working').map((o) => o.date)).toEqual([...workdays].sort());
          expect(result.overrides.filter((o) => o.kind === 'working').every((o) => o.name === null)).toBe(true);
        }
      }),
    );
  });
});
