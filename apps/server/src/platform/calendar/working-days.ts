import chineseDays from 'chinese-days';
import chineseDaysJson from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

/** A civil (Asia/Shanghai business) date, 'YYYY-MM-DD'. */
export type IsoDate = string;
/** `rest` is an ordinary weekend day; `adjusted_working` is a weekend day made a working day (调休). */
export type DayKind = 'working' | 'rest' | 'holiday' | 'adjusted_working';
/** One administrator-maintained row: it wins over every other source for its date. */
export type CalendarOverride = { date: IsoDate; kind: 'holiday' | 'working'; name?: string | null };
/** What the calendar says about one date; `provisional` when its year has no loaded arrangement. */
export type DayInfo = {
  date: IsoDate;
  kind: DayKind;
  working: boolean;
  name?: string;
  nameEn?: string;
  provisional: boolean;
  source: 'chinese-days' | 'override' | 'derived' | 'weekday-rule';
};
/** A computed deadline; `reason`/`reasonEn` are present only when it is provisional. */
export type DeadlineResult = { deadline: IsoDate; provisional: boolean; reason?: string; reasonEn?: string };
/** Whether a year's holiday arrangement is known, and from where. */
export type YearStatus = { year: number; arranged: boolean; source: 'chinese-days' | 'imported' | 'none' };
export type WorkingCalendar = {
  day(date: IsoDate): DayInfo;
  isWorkingDay(date: IsoDate): boolean;
  /** Day 1 is the first working day AFTER `from` (DOMAIN.md counting rule). n >= 0; n = 0 returns from itself (provisional per from's year). */
  addWorkingDays(from: IsoDate, n: number): DeadlineResult;
  /** Number of working days d with from < d <= to (0 when to <= from). */
  workingDaysBetween(from: IsoDate, to: IsoDate): number;
  /** Every day of the inclusive range; at most MAX_RANGE_DAYS days, and `to` not before `from`, else RangeError. */
  days(from: IsoDate, to: IsoDate): DayInfo[];
  yearStatus(year: number): YearStatus;
};

/** Years the calendar can answer for: the lunar tables behind the derived holidays end in 2100. */
export const MIN_CALENDAR_YEAR = 2000;
export const MAX_CALENDAR_YEAR = 2100;
/** Longest range `days()` returns in one call. */
export const MAX_RANGE_DAYS = 400;

// ---------------------------------------------------------------------------------------------
// Civil-date arithmetic on integer day numbers (days since 1970-01-01), so nothing depends on the
// process time zone and no Date object is created per day.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) {
    return isLeapYear(y) ? 29 : 28;
  }
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

// Howard Hinnant's days_from_civil: exact for every proleptic Gregorian date.
function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilDate(z: number): { y: number; m: number; d: number } {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function formatDayNumber(z: number): IsoDate {
  const { y, m, d } = civilDate(z);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// 1970-01-01 was a Thursday; 0 = Sunday … 6 = Saturday.
function weekday(z: number): number {
  return (((z + 4) % 7) + 7) % 7;
}

function isWeekend(z: number): boolean {
  const w = weekday(z);
  return w === 0 || w === 6;
}

function parseParts(s: string): { y: number; m: number; d: number } | null {
  const match = ISO_DATE.exec(s);
  if (!match) {
    return null;
  }
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    return null;
  }
  return { y, m, d };
}

function parseDate(s: string, what: string): { z: number; y: number } {
  const parts = typeof s === 'string' ? parseParts(s) : null;
  if (!parts) {
    throw new RangeError(`${what}: not a real YYYY-MM-DD date: ${String(s)}`);
  }
  return { z: dayNumber(parts.y, parts.m, parts.d), y: parts.y };
}

/** True for a strict 'YYYY-MM-DD' string naming a real calendar date. */
export function isIsoDate(s: string): boolean {
  return typeof s === 'string' && parseParts(s) !== null;
}

/** True when a valid date falls on a Saturday or Sunday; throws RangeError on a bad date. */
export function isWeekendDate(date: IsoDate): boolean {
  return isWeekend(parseDate(date, 'isWeekendDate').z);
}

/** The date n calendar days after `date` (n may be negative); throws RangeError on a bad date or n. */
export function addCalendarDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) {
    throw new RangeError(`addCalendarDays: n must be an integer, got ${String(n)}`);
  }
  return formatDayNumber(parseDate(date, 'addCalendarDays').z + n);
}

// ---------------------------------------------------------------------------------------------
// Statutory core days (全国年节及纪念日放假办法, 2025 revision): 13 days a year.

type StatutoryDay = { date: IsoDate; name: string; nameEn: string };

function assertCalendarYear(year: number, what: string): void {
  if (!Number.isInteger(year) || year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR) {
    throw new RangeError(`${what}: year ${String(year)} is outside ${MIN_CALENDAR_YEAR}–${MAX_CALENDAR_YEAR}`);
  }
}

function lunarToSolar(year: number, month: number, day: number): IsoDate {
  // chinese-days reads the lunar date through local-time getters and formats the answer the same way,
  // so a local-time Date (not a 'YYYY-MM-DD' string, which it parses as UTC) is right in every time zone.
  const { date } = chineseDays.getSolarDateFromLunar(new Date(year, month - 1, day));
  if (!isIsoDate(date)) {
    throw new Error(`chinese-days returned no solar date for lunar ${year}-${month}-${day}`);
  }
  return date;
}

// chinese-days' own solar-term formula (寿星通式, pure_brightness has no per-year correction), inlined
// because its getSolarTermDate formats a UTC instant with local getters and lands a day early west of UTC.
// working-days.test.ts checks it against getSolarTermDate for every supported year.
function qingmingDate(year: number): IsoDate {
  const y = year % 100;
  const constant = year >= 2000 ? 4.81 : 5.59;
  const day = Math.floor(y * 0.2422 + constant) - Math.floor(y / 4);
  return `${year}-04-${String(day).padStart(2, '0')}`;
}

/**
 * The 13 statutory holiday days of a year under the current (2025) rule, in date order; when 中秋
 * falls on 1–3 October the same date appears twice (once per festival).
 */
export function statutoryCoreDays(year: number): StatutoryDay[] {
  assertCalendarYear(year, 'statutoryCoreDays');
  const y = String(year);
  const springFestival = lunarToSolar(year, 1, 1);
  const days: StatutoryDay[] = [
    { date: `${y}-01-01`, name: '元旦', nameEn: "New Year's Day" },
    // 除夕 is the last day of lunar month 12, which may be its 29th: always the day before 初一.
    { date: addCalendarDays(springFestival, -1), name: '春节', nameEn: 'Spring Festival' },
    { date: springFestival, name: '春节', nameEn: 'Spring Festival' },
    { date: addCalendarDays(springFestival, 1), name: '春节', nameEn: 'Spring Festival' },
    { date: addCalendarDays(springFestival, 2), name: '春节', nameEn: 'Spring Festival' },
    { date: qingmingDate(year), name: '清明节', nameEn: 'Tomb-sweeping Day' },
    { date: `${y}-05-01`, name: '劳动节', nameEn: 'Labour Day' },
    { date: `${y}-05-02`, name: '劳动节', nameEn: 'Labour Day' },
    { date: lunarToSolar(year, 5, 5), name: '端午节', nameEn: 'Dragon Boat Festival' },
    { date: `${y}-10-01`, name: '国庆节', nameEn: 'National Day' },
    { date: `${y}-10-02`, name: '国庆节', nameEn: 'National Day' },
    { date: `${y}-10-03`, name: '国庆节', nameEn: 'National Day' },
    { date: lunarToSolar(year, 8, 15), name: '中秋节', nameEn: 'Mid-autumn Festival' },
  ];
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// chinese-days' published arrangements, indexed once per process.

type DayName = { zh: string; en?: string };
type ArrangedDay = { dayOfYear: number; holiday: boolean; name: DayName };

type ChineseDaysData = { holidays: Record<string, string>; workdays: Record<string, string> };
const chineseDaysData: ChineseDaysData = chineseDaysJson;

// Values look like "National Day,国庆节,3": English name, Chinese name, statutory day count.
function parseChineseDaysName(value: string): DayName {
  const [en, zh] = value.split(',');
  return zh ? { zh, ...(en ? { en } : {}) } : { zh: value };
}

function dayOfYear(z: number, year: number): number {
  return z - dayNumber(year, 1, 1);
}

function indexChineseDays(data: ChineseDaysData): Map<number, ArrangedDay[]> {
  const byYear = new Map<number, ArrangedDay[]>();
  const add = (date: string, value: string, holiday: boolean): void => {
    const parts = parseParts(date);
    if (!parts) {
      return;
    }
    const list = byYear.get(parts.y) ?? [];
    list.push({ dayOfYear: dayOfYear(dayNumber(parts.y, parts.m, parts.d), parts.y), holiday, name: parseChineseDaysName(value) });
    byYear.set(parts.y, list);
  };
  for (const [date, value] of Object.entries(data.holidays)) {
    add(date, value, true);
  }
  for (const [date, value] of Object.entries(data.workdays)) {
    add(date, value, false);
  }
  return byYear;
}

// The years chinese-days has an arrangement for are exactly the years its data mentions.
const CHINESE_DAYS_BY_YEAR = indexChineseDays(chineseDaysData);

// ---------------------------------------------------------------------------------------------
// Per-year tables: one byte per day (kind in the low two bits, source in the next two) plus a
// running count of working days, so a lookup is an array read and a range count is a subtraction.

const KIND_WORKING = 0;
const KIND_REST = 1;
const KIND_HOLIDAY = 2;
const KIND_ADJUSTED = 3;
const SOURCE_CHINESE_DAYS = 0 << 2;
const SOURCE_OVERRIDE = 1 << 2;
const SOURCE_DERIVED = 2 << 2;
const SOURCE_WEEKDAY_RULE = 3 << 2;

const KINDS: readonly DayKind[] = ['working', 'rest', 'holiday', 'adjusted_working'];
const SOURCES: readonly DayInfo['source'][] = ['chinese-days', 'override', 'derived', 'weekday-rule'];

type YearTable = {
  year: number;
  firstDay: number;
  length: number;
  codes: Uint8Array;
  /** working[i] is 1 when day i of the year is a working day. */
  working: Uint8Array;
  /** cumulative[i] = working days among the first i days of the year. */
  cumulative: Uint16Array;
  names: Map<number, DayName>;
  arranged: boolean;
};

function workingKind(z: number): number {
  return isWeekend(z) ? KIND_ADJUSTED : KIND_WORKING;
}

function isWorkingCode(code: number): boolean {
  const kind = code & 3;
  return kind === KIND_WORKING || kind === KIND_ADJUSTED;
}

function provisionalReason(years: readonly number[]): { reason: string; reasonEn: string } {
  const zhYears = years.join('、');
  const enYears = years.join(', ');
  const plural = years.length > 1;
  return {
    reason: `${zhYears} 年节假日安排尚未加载，期限按法定节日推算，仅供参考`,
    reasonEn: `The ${enYears} holiday ${plural ? 'arrangements are' : 'arrangement is'} not loaded; the deadline is derived from the statutory holidays and is provisional`,
  };
}

/** Builds a working-day calendar: override rows > chinese-days or an imported year > derived statutory days > Monday–Friday. */
export function createWorkingCalendar(opts: { overrides: CalendarOverride[]; importedYears: number[] }): WorkingCalendar {
  const importedYears = new Set(opts.importedYears);
  const overridesByYear = new Map<number, Map<number, CalendarOverride>>();
  for (const row of opts.overrides) {
    const { z, y } = parseDate(row.date, 'createWorkingCalendar override');
    const rows = overridesByYear.get(y) ?? new Map<number, CalendarOverride>();
    // A later row for the same date wins, as a later correction would.
    rows.set(dayOfYear(z, y), row);
    overridesByYear.set(y, rows);
  }
  const tables = new Map<number, YearTable>();

  function sourceOf(year: number): YearStatus['source'] {
    if (importedYears.has(year)) {
      return 'imported';
    }
    return CHINESE_DAYS_BY_YEAR.has(year) ? 'chinese-days' : 'none';
  }

  function buildYear(year: number): YearTable {
    assertCalendarYear(year, 'working calendar');
    const firstDay = dayNumber(year, 1, 1);
    const length = isLeapYear(year) ? 366 : 365;
    const codes = new Uint8Array(length);
    const names = new Map<number, DayName>();
    for (let i = 0; i < length; i++) {
      codes[i] = (isWeekend(firstDay + i) ? KIND_REST : KIND_WORKING) | SOURCE_WEEKDAY_RULE;
    }
    const source = sourceOf(year);
    if (source === 'chinese-days') {
      for (const day of CHINESE_DAYS_BY_YEAR.get(year) ?? []) {
        codes[day.dayOfYear] = (day.holiday ? KIND_HOLIDAY : workingKind(firstDay + day.dayOfYear)) | SOURCE_CHINESE_DAYS;
        names.set(day.dayOfYear, day.name);
      }
    } else if (source === 'none') {
      for (const day of statutoryCoreDays(year)) {
        const i = dayOfYear(parseDate(day.date, 'statutoryCoreDays').z, year);
        const existing = names.get(i);
        codes[i] = KIND_HOLIDAY | SOURCE_DERIVED;
        // 中秋 can fall on 国庆: one holiday date, both names.
        names.set(i, existing ? { zh: `${existing.zh}、${day.name}`, en: `${existing.en ?? existing.zh}, ${day.nameEn}` } : { zh: day.name, en: day.nameEn });
      }
    }
    // An imported year's overrides are its whole arrangement, so nothing else is laid under them.
    for (const [i, row] of overridesByYear.get(year) ?? []) {
      codes[i] = (row.kind === 'holiday' ? KIND_HOLIDAY : workingKind(firstDay + i)) | SOURCE_OVERRIDE;
      const name = row.name?.trim();
      if (name) {
        names.set(i, { zh: name });
      } else {
        names.delete(i);
      }
    }
    const working = new Uint8Array(length);
    const cumulative = new Uint16Array(length + 1);
    for (let i = 0; i < length; i++) {
      working[i] = isWorkingCode(codes[i] ?? 0) ? 1 : 0;
      cumulative[i + 1] = (cumulative[i] ?? 0) + (working[i] ?? 0);
    }
    return { year, firstDay, length, codes, working, cumulative, names, arranged: source !== 'none' };
  }

  function tableFor(year: number): YearTable {
    let table = tables.get(year);
    if (!table) {
      table = buildYear(year);
      tables.set(year, table);
    }
    return table;
  }

  function dayInfo(table: YearTable, i: number): DayInfo {
    const code = table.codes[i] ?? 0;
    const kind = KINDS[code & 3] ?? 'working';
    const name = table.names.get(i);
    return {
      date: formatDayNumber(table.firstDay + i),
      kind,
      working: kind === 'working' || kind === 'adjusted_working',
      ...(name ? { name: name.zh, ...(name.en ? { nameEn: name.en } : {}) } : {}),
      provisional: !table.arranged,
      source: SOURCES[code >> 2] ?? 'weekday-rule',
    };
  }

  function locate(date: IsoDate, what: string): { table: YearTable; i: number; z: number } {
    const { z, y } = parseDate(date, what);
    const table = tableFor(y);
    return { table, i: z - table.firstDay, z };
  }

  // Working days among Jan 1 … day i of the table's year, inclusive.
  function countThrough(table: YearTable, i: number): number {
    return table.cumulative[i + 1] ?? 0;
  }

  function yearTotal(table: YearTable): number {
    return table.cumulative[table.length] ?? 0;
  }

  return {
    day(date) {
      const { table, i } = locate(date, 'day');
      return dayInfo(table, i);
    },

    isWorkingDay(date) {
      const { table, i } = locate(date, 'isWorkingDay');
      return table.working[i] === 1;
    },

    addWorkingDays(from, n) {
      if (!Number.isInteger(n) || n < 0) {
        throw new RangeError(`addWorkingDays: n must be an integer >= 0, got ${String(n)}`);
      }
      const start = locate(from, 'addWorkingDays');
      let table = start.table;
      let i = start.i;
      const unarranged: number[] = [];
      if (n === 0) {
        if (!table.arranged) {
          unarranged.push(table.year);
        }
      } else {
        let remaining = n;
        let seenYear = -1;
        while (remaining > 0) {
          i++;
          if (i >= table.length) {
            table = tableFor(table.year + 1);
            i = 0;
          }
          if (table.year !== seenYear) {
            seenYear = table.year;
            if (!table.arranged) {
              unarranged.push(table.year);
            }
          }
          remaining -= table.working[i] ?? 0;
        }
      }
      const deadline = formatDayNumber(table.firstDay + i);
      return unarranged.length === 0 ? { deadline, provisional: false } : { deadline, provisional: true, ...provisionalReason(unarranged) };
    },

    workingDaysBetween(from, to) {
      const a = locate(from, 'workingDaysBetween');
      const b = locate(to, 'workingDaysBetween');
      if (b.z <= a.z) {
        return 0;
      }
      if (a.table.year === b.table.year) {
        return countThrough(b.table, b.i) - countThrough(a.table, a.i);
      }
      let total = yearTotal(a.table) - countThrough(a.table, a.i);
      for (let year = a.table.year + 1; year < b.table.year; year++) {
        total += yearTotal(tableFor(year));
      }
      return total + countThrough(b.table, b.i);
    },

    days(from, to) {
      const a = parseDate(from, 'days');
      const b = parseDate(to, 'days');
      const count = b.z - a.z + 1;
      if (count < 1 || count > MAX_RANGE_DAYS) {
        throw new RangeError(`days: the range ${from}..${to} must hold 1 to ${MAX_RANGE_DAYS} days`);
      }
      const out: DayInfo[] = [];
      let table = tableFor(a.y);
      let i = a.z - table.firstDay;
      for (let k = 0; k < count; k++, i++) {
        if (i >= table.length) {
          table = tableFor(table.year + 1);
          i = 0;
        }
        out.push(dayInfo(table, i));
      }
      return out;
    },

    yearStatus(year) {
      if (!Number.isInteger(year)) {
        throw new RangeError(`yearStatus: year must be an integer, got ${String(year)}`);
      }
      const source = sourceOf(year);
      return { year, arranged: source !== 'none', source };
    },
  };
}
