import { describe, it, expect, afterEach } from 'vitest';
import fc from 'fast-check';
import chineseDays from 'chinese-days';
import chineseDaysJson from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import sample2027 from './fixtures/2027-sample.json' with { type: 'json' };
import { parseArrangement } from './arrangement-file';
import {
  addCalendarDays,
  createWorkingCalendar,
  isIsoDate,
  isWeekendDate,
  statutoryCoreDays,
  type CalendarOverride,
  type IsoDate,
} from './working-days';

const DAY_MS = 86_400_000;

// Reference date arithmetic for the tests, independent of the implementation's integer algorithm.
function utcDate(base: IsoDate, n: number): IsoDate {
  return new Date(Date.parse(`${base}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function makeCalendar(overrides: CalendarOverride[] = [], importedYears: number[] = []) {
  return createWorkingCalendar({ overrides, importedYears });
}

const plain = makeCalendar();

const FIRST = '2004-01-01';
const SPAN = Math.round((Date.parse('2030-12-31T00:00:00Z') - Date.parse(`${FIRST}T00:00:00Z`)) / DAY_MS);
const anyDate = fc.integer({ min: 0, max: SPAN }).map((k) => utcDate(FIRST, k));
const anyCount = fc.integer({ min: 0, max: 60 });

const chineseDaysData: { holidays: Record<string, string>; workdays: Record<string, string>; inLieuDays: Record<string, string> } = chineseDaysJson;
const chineseDaysYears = new Set(
  [...Object.keys(chineseDaysData.holidays), ...Object.keys(chineseDaysData.workdays), ...Object.keys(chineseDaysData.inLieuDays)].map((d) => Number(d.slice(0, 4))),
);

describe('isIsoDate', () => {
  it.each(['2026-01-01', '2024-02-29', '2000-02-29', '2026-12-31'])('accepts the real date %s', (s) => {
    expect(isIsoDate(s)).toBe(true);
  });

  it.each(['2026-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-01', '2026-01-1', ' 2026-01-01', '2026-01-01T00:00', '20260101', ''])(
    'rejects %j',
    (s) => {
      expect(isIsoDate(s)).toBe(false);
    },
  );
});

describe('addCalendarDays', () => {
  it('crosses month, leap-day and year ends', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addCalendarDays('2026-09-28', 0)).toBe('2026-09-28');
  });

  it('agrees with UTC millisecond arithmetic', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -4000, max: 4000 }), (date, n) => {
        expect(addCalendarDays(date, n)).toBe(utcDate(date, n));
      }),
    );
  });

  it('rejects a bad date or a fractional n', () => {
    expect(() => addCalendarDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addCalendarDays('2026-02-01', 1.5)).toThrow(RangeError);
  });
});

describe('isWeekendDate', () => {
  it('agrees with the UTC weekday', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
        expect(isWeekendDate(date)).toBe(weekday === 0 || weekday === 6);
      }),
    );
  });
});

describe('the DOMAIN.md counting example', () => {
  it('accepted Monday 2026-09-28, 5 working days → Saturday 2026-10-10, a 调休 working day', () => {
    const result = plain.addWorkingDays('2026-09-28', 5);
    expect(result).toEqual({ deadline: '2026-10-10', provisional: false });
    expect(plain.day('2026-10-10')).toMatchObject({ kind: 'adjusted_working', working: true, source: 'chinese-days' });
  });

  it('counts day 1 as the first working day after the start', () => {
    expect(plain.addWorkingDays('2026-09-28', 1).deadline).toBe('2026-09-29');
    // From Friday 2026-09-18 day 1 is the 调休 Sunday 09-20; from Friday 09-25 (中秋) it is Monday 09-28.
    expect(plain.addWorkingDays('2026-09-18', 1).deadline).toBe('2026-09-20');
    expect(plain.addWorkingDays('2026-09-25', 1).deadline).toBe('2026-09-28');
    expect(plain.addWorkingDays('2026-09-28', 0)).toEqual({ deadline: '2026-09-28', provisional: false });
  });
});

describe('2026 from chinese-days', () => {
  it.each(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'])('%s is a 调休 working weekend day', (date) => {
    expect(isWeekendDate(date)).toBe(true);
    expect(plain.day(date)).toMatchObject({ date, kind: 'adjusted_working', working: true, provisional: false, source: 'chinese-days' });
    expect(plain.isWorkingDay(date)).toBe(true);
  });

  it('2026-10-01..07 are National Day holidays', () => {
    const days = plain.days('2026-10-01', '2026-10-07');
    expect(days).toHaveLength(7);
    for (const d of days) {
      expect(d).toMatchObject({ kind: 'holiday', working: false, name: '国庆节', nameEn: 'National Day', provisional: false, source: 'chinese-days' });
    }
    expect(plain.day('2026-10-08')).toMatchObject({ kind: 'working', source: 'weekday-rule' });
  });

  it('2026 Spring Festival runs 02-15..02-23 and 清明 covers 04-04..06', () => {
    expect(plain.days('2026-02-15', '2026-02-23').every((d) => d.kind === 'holiday' && d.name === '春节')).toBe(true);
    expect(plain.day('2026-02-24').kind).toBe('working');
    expect(plain.day('2026-04-06')).toMatchObject({ kind: 'holiday', name: '清明' });
  });

  it('ordinary days follow the weekday rule', () => {
    expect(plain.day('2026-03-07')).toEqual({ date: '2026-03-07', kind: 'rest', working: false, provisional: false, source: 'weekday-rule' });
    expect(plain.day('2026-03-09')).toEqual({ date: '2026-03-09', kind: 'working', working: true, provisional: false, source: 'weekday-rule' });
  });

  it('agrees with chinese-days’ own isWorkday on every day 2004–2026', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8400 }), (k) => {
        const date = utcDate(FIRST, k);
        expect(plain.isWorkingDay(date)).toBe(chineseDays.isWorkday(date));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('year status', () => {
  it('arranged years are exactly those chinese-days has data for', () => {
    for (let year = 2000; year <= 2035; year++) {
      const expected = chineseDaysYears.has(year);
      expect(plain.yearStatus(year)).toEqual({ year, arranged: expected, source: expected ? 'chinese-days' : 'none' });
    }
    expect(plain.yearStatus(2026).arranged).toBe(true);
    expect(plain.yearStatus(2027).arranged).toBe(false);
  });

  it('an imported year is arranged from the import', () => {
    expect(makeCalendar([], [2027]).yearStatus(2027)).toEqual({ year: 2027, arranged: true, source: 'imported' });
  });
});

describe('properties over 2004–2030', () => {
  it('the deadline is a working day for n >= 1', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 60 }), (from, n) => {
        const { deadline } = plain.addWorkingDays(from, n);
        expect(deadline > from).toBe(true);
        expect(plain.isWorkingDay(deadline)).toBe(true);
      }),
    );
  });

  it('workingDaysBetween(from, deadline) === n, and the deadline is the first such day', () => {
    fc.assert(
      fc.property(anyDate, anyCount, (from, n) => {
        const { deadline } = plain.addWorkingDays(from, n);
        expect(plain.workingDaysBetween(from, deadline)).toBe(n);
        if (n >= 1) {
          expect(plain.workingDaysBetween(from, addCalendarDays(deadline, -1))).toBe(n - 1);
        }
      }),
    );
  });

  it('workingDaysBetween equals a day-by-day count', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -5, max: 800 }), (from, span) => {
        const to = utcDate(from, span);
        let count = 0;
        for (let k = 1; k <= span; k++) {
          count += plain.isWorkingDay(utcDate(from, k)) ? 1 : 0;
        }
        expect(plain.workingDaysBetween(from, to)).toBe(count);
      }),
      { numRuns: 200 },
    );
  });

  it('a deadline is provisional exactly when a counted day lies in 2027 or later', () => {
    fc.assert(
      fc.property(anyDate, anyCount, (from, n) => {
        const result = plain.addWorkingDays(from, n);
        const lastCounted = n === 0 ? from : result.deadline;
        expect(result.provisional).toBe(Number(lastCounted.slice(0, 4)) >= 2027);
        expect(result.reason !== undefined).toBe(result.provisional);
        expect(result.reasonEn !== undefined).toBe(result.provisional);
      }),
    );
  });
});

describe('a year without an arrangement (derived statutory days)', () => {
  it.each([
    ['2027-01-01', '元旦'],
    ['2027-02-05', '春节'],
    ['2027-02-06', '春节'],
    ['2027-02-07', '春节'],
    ['2027-02-08', '春节'],
    ['2027-04-05', '清明节'],
    ['2027-05-01', '劳动节'],
    ['2027-05-02', '劳动节'],
    ['2027-06-09', '端午节'],
    ['2027-09-15', '中秋节'],
    ['2027-10-01', '国庆节'],
    ['2027-10-02', '国庆节'],
    ['2027-10-03', '国庆节'],
    ['2028-01-01', '元旦'],
    ['2028-01-25', '春节'],
    ['2028-01-26', '春节'],
    ['2028-01-28', '春节'],
    ['2028-05-01', '劳动节'],
    ['2028-05-02', '劳动节'],
    ['2030-02-02', '春节'],
  ])('%s is a provisional derived holiday (%s)', (date, name) => {
    expect(plain.day(date)).toMatchObject({ date, kind: 'holiday', working: false, name, provisional: true, source: 'derived' });
  });

  it('除夕 is the day before 初一 whether lunar month 12 has 29 or 30 days', () => {
    // 2027: 除夕 is 腊月廿九; 2030: 腊月三十.
    expect(chineseDays.getLunarDate('2027-02-05')).toMatchObject({ lunarMon: 12, lunarDay: 29 });
    expect(chineseDays.getLunarDate('2030-02-02')).toMatchObject({ lunarMon: 12, lunarDay: 30 });
    expect(plain.day('2027-02-04')).toMatchObject({ kind: 'working', source: 'weekday-rule', provisional: true });
    expect(plain.day('2030-02-01')).toMatchObject({ kind: 'working', source: 'weekday-rule' });
  });

  it('has no 调休: exactly 13 holiday days, weekends rest, every day provisional', () => {
    const days = plain.days('2027-01-01', '2027-12-31');
    expect(days).toHaveLength(365);
    expect(days.filter((d) => d.kind === 'holiday').map((d) => d.date)).toEqual(statutoryCoreDays(2027).map((d) => d.date));
    expect(days.some((d) => d.kind === 'adjusted_working')).toBe(false);
    expect(days.every((d) => d.provisional)).toBe(true);
    expect(days.every((d) => (d.kind === 'holiday' ? d.source === 'derived' : d.source === 'weekday-rule'))).toBe(true);
    // No make-up day: Monday after the Spring Festival stays a working day.
    expect(plain.day('2027-02-09').kind).toBe('working');
  });

  it('in 2028 中秋 falls on 10-03: one holiday date carrying both names', () => {
    expect(plain.day('2028-10-03')).toMatchObject({ kind: 'holiday', name: '国庆节、中秋节' });
    expect(plain.days('2028-01-01', '2028-12-31').filter((d) => d.kind === 'holiday')).toHaveLength(12);
  });

  it('a deadline counted into 2027 is provisional, with the reason', () => {
    // Mon 2026-12-28: 29, 30, 31 Dec, (1 Jan holiday), 4, 5 Jan.
    expect(plain.addWorkingDays('2026-12-28', 5)).toEqual({
      deadline: '2027-01-05',
      provisional: true,
      reason: '2027 年节假日安排尚未加载，期限按法定节日推算，仅供参考',
      reasonEn: 'The 2027 holiday arrangement is not loaded; the deadline is derived from the statutory holidays and is provisional',
    });
  });

  it('skips the derived Spring Festival when counting', () => {
    // Thu 2027-02-04: Fri 5 to Mon 8 are 除夕–初三.
    expect(plain.addWorkingDays('2027-02-04', 3)).toMatchObject({ deadline: '2027-02-11', provisional: true });
    expect(plain.workingDaysBetween('2027-02-04', '2027-02-11')).toBe(3);
  });

  it('names every unarranged year counted through', () => {
    const result = plain.addWorkingDays('2027-12-01', 60);
    expect(result.deadline.startsWith('2028-')).toBe(true);
    expect(result.reason).toBe('2027、2028 年节假日安排尚未加载，期限按法定节日推算，仅供参考');
    expect(result.reasonEn).toBe(
      'The 2027, 2028 holiday arrangements are not loaded; the deadline is derived from the statutory holidays and is provisional',
    );
  });

  it('n = 0 is provisional by the start day’s year', () => {
    expect(plain.addWorkingDays('2027-03-01', 0)).toMatchObject({ deadline: '2027-03-01', provisional: true });
    expect(plain.addWorkingDays('2026-12-31', 0)).toEqual({ deadline: '2026-12-31', provisional: false });
  });

  it('a deadline entirely inside 2026 is not provisional, even next to the year end', () => {
    expect(plain.addWorkingDays('2026-12-01', 20)).toEqual({ deadline: '2026-12-29', provisional: false });
    expect(plain.addWorkingDays('2026-12-30', 1)).toEqual({ deadline: '2026-12-31', provisional: false });
  });
});

describe('statutoryCoreDays', () => {
  it('lists the 13 days of 2027', () => {
    expect(statutoryCoreDays(2027).map((d) => `${d.date} ${d.name}`)).toEqual([
      '2027-01-01 元旦',
      '2027-02-05 春节',
      '2027-02-06 春节',
      '2027-02-07 春节',
      '2027-02-08 春节',
      '2027-04-05 清明节',
      '2027-05-01 劳动节',
      '2027-05-02 劳动节',
      '2027-06-09 端午节',
      '2027-09-15 中秋节',
      '2027-10-01 国庆节',
      '2027-10-02 国庆节',
      '2027-10-03 国庆节',
    ]);
  });

  it.each([2025, 2026])('every derived day of %i is a holiday in the official arrangement', (year) => {
    for (const day of statutoryCoreDays(year)) {
      expect(chineseDaysData.holidays[day.date], day.date).toBeDefined();
    }
  });

  it('清明 matches chinese-days’ solar-term date for every supported year', () => {
    for (let year = 2000; year <= 2100; year++) {
      const qingming = statutoryCoreDays(year).find((d) => d.name === '清明节');
      expect(qingming?.date).toBe(chineseDays.getSolarTermDate(year, 4, 'pure_brightness'));
    }
  });

  it('rejects years outside 2000–2100', () => {
    expect(() => statutoryCoreDays(1999)).toThrow(RangeError);
    expect(() => statutoryCoreDays(2101)).toThrow(RangeError);
  });

  describe('in a time zone west of UTC', () => {
    const original = process.env.TZ;
    afterEach(() => {
      process.env.TZ = original;
    });

    it('gives the same dates', () => {
      const inUtc = statutoryCoreDays(2027);
      process.env.TZ = 'America/Los_Angeles';
      // Guard: the switch took effect, so this test can fail.
      expect(new Date(2027, 0, 1).getTimezoneOffset()).toBeGreaterThan(0);
      expect(statutoryCoreDays(2027)).toEqual(inUtc);
    });
  });
});

describe('override rows', () => {
  it('a holiday on a weekday wins over the weekday rule and delays deadlines', () => {
    const cal = makeCalendar([{ date: '2026-03-10', kind: 'holiday', name: '防汛停工' }]);
    expect(cal.day('2026-03-10')).toEqual({ date: '2026-03-10', kind: 'holiday', working: false, name: '防汛停工', provisional: false, source: 'override' });
    expect(cal.addWorkingDays('2026-03-09', 1).deadline).toBe('2026-03-11');
    expect(plain.addWorkingDays('2026-03-09', 1).deadline).toBe('2026-03-10');
  });

  it('working on a Sunday makes it an adjusted working day', () => {
    const cal = makeCalendar([{ date: '2026-03-15', kind: 'working' }]);
    expect(cal.day('2026-03-15')).toMatchObject({ kind: 'adjusted_working', working: true, source: 'override' });
    expect(cal.day('2026-03-15').name).toBeUndefined();
    expect(cal.addWorkingDays('2026-03-13', 1).deadline).toBe('2026-03-15');
    expect(plain.addWorkingDays('2026-03-13', 1).deadline).toBe('2026-03-16');
  });

  it('wins over chinese-days in both directions', () => {
    const cal = makeCalendar([
      { date: '2026-10-05', kind: 'working', name: null },
      { date: '2026-02-14', kind: 'holiday', name: '春节' },
    ]);
    expect(cal.day('2026-10-05')).toEqual({ date: '2026-10-05', kind: 'working', working: true, provisional: false, source: 'override' });
    expect(cal.day('2026-02-14')).toMatchObject({ kind: 'holiday', working: false, source: 'override' });
  });

  it('wins over a derived day but leaves the year provisional', () => {
    const cal = makeCalendar([{ date: '2027-01-01', kind: 'working' }]);
    expect(cal.day('2027-01-01')).toMatchObject({ kind: 'working', source: 'override', provisional: true });
    expect(cal.yearStatus(2027).arranged).toBe(false);
  });

  it('a later row for the same date wins', () => {
    const cal = makeCalendar([
      { date: '2026-03-10', kind: 'holiday' },
      { date: '2026-03-10', kind: 'working' },
    ]);
    expect(cal.day('2026-03-10').kind).toBe('working');
  });

  it('rejects a row with a bad date', () => {
    expect(() => makeCalendar([{ date: '2026-02-30', kind: 'holiday' }])).toThrow(RangeError);
  });
});

describe('an imported year', () => {
  const parsed = parseArrangement(sample2027);
  if (!parsed.ok) {
    throw new Error('the 2027 sample must parse');
  }
  const imported = makeCalendar(parsed.overrides, [2027]);

  it('is not provisional and uses the imported days', () => {
    expect(imported.day('2027-02-13')).toMatchObject({ kind: 'holiday', name: '春节', source: 'override', provisional: false });
    expect(imported.day('2027-02-20')).toMatchObject({ kind: 'adjusted_working', name: '春节调休', provisional: false });
    expect(imported.day('2027-03-01')).toMatchObject({ kind: 'working', source: 'weekday-rule', provisional: false });
    expect(imported.addWorkingDays('2027-02-04', 3)).toEqual({ deadline: '2027-02-17', provisional: false });
    expect(imported.addWorkingDays('2026-12-28', 5)).toEqual({ deadline: '2027-01-05', provisional: false });
  });

  it('ignores derived days for that year', () => {
    // Only New Year's Day imported: 1 May 2028 (a Monday) is then an ordinary working day.
    const cal = makeCalendar([{ date: '2028-01-01', kind: 'holiday', name: '元旦' }], [2028]);
    expect(plain.day('2028-05-01')).toMatchObject({ kind: 'holiday', source: 'derived' });
    expect(cal.day('2028-05-01')).toEqual({ date: '2028-05-01', kind: 'working', working: true, provisional: false, source: 'weekday-rule' });
  });

  it('replaces chinese-days for that year: the import is the whole arrangement', () => {
    const cal = makeCalendar([{ date: '2026-10-01', kind: 'holiday', name: '国庆节' }], [2026]);
    expect(cal.yearStatus(2026).source).toBe('imported');
    expect(cal.day('2026-10-01').kind).toBe('holiday');
    expect(cal.day('2026-10-05')).toMatchObject({ kind: 'working', source: 'weekday-rule' });
    expect(cal.day('2026-10-10').kind).toBe('rest');
  });
});

describe('calendar input checks', () => {
  it('days() returns an inclusive, contiguous range across a year end', () => {
    const days = plain.days('2026-12-30', '2027-01-02');
    expect(days.map((d) => d.date)).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(days.map((d) => d.provisional)).toEqual([false, false, true, true]);
  });

  it('days() refuses more than 400 days or a reversed range', () => {
    expect(plain.days('2026-01-01', utcDate('2026-01-01', 399))).toHaveLength(400);
    expect(() => plain.days('2026-01-01', utcDate('2026-01-01', 400))).toThrow(RangeError);
    expect(() => plain.days('2026-01-02', '2026-01-01')).toThrow(RangeError);
  });

  it('workingDaysBetween is 0 when to <= from', () => {
    expect(plain.workingDaysBetween('2026-10-10', '2026-10-10')).toBe(0);
    expect(plain.workingDaysBetween('2026-10-10', '2026-09-28')).toBe(0);
    expect(plain.workingDaysBetween('2026-09-28', '2026-10-10')).toBe(5);
  });

  it('rejects bad dates, bad n and years outside 2000–2100', () => {
    expect(() => plain.day('2026-02-30')).toThrow(RangeError);
    expect(() => plain.addWorkingDays('2026-01-05', -1)).toThrow(RangeError);
    expect(() => plain.addWorkingDays('2026-01-05', 1.5)).toThrow(RangeError);
    expect(() => plain.addWorkingDays('2100-12-30', 5)).toThrow(RangeError);
    expect(() => plain.isWorkingDay('1999-12-31')).toThrow(RangeError);
  });
});
