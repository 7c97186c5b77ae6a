import { isIsoDate, isWeekendDate, statutoryCoreDays, type CalendarOverride } from './working-days';

/** One problem found in an arrangement file; `path` points into the JSON, e.g. `holidays[3].date`. */
export type ArrangementIssue = { path: string; message: string; messageEn: string };
/** Result of parsing an arrangement file; warnings do not block the import but should be shown. */
export type ArrangementParseResult =
  | { ok: true; year: number; overrides: CalendarOverride[]; warnings: ArrangementIssue[] }
  | { ok: false; errors: ArrangementIssue[] };

export const ARRANGEMENT_MIN_YEAR = 2000;
export const ARRANGEMENT_MAX_YEAR = 2100;
const MAX_ENTRIES = 366;
const MAX_NAME_LENGTH = 50;

type Entry = { index: number; date: string; name: string | null };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseEntries(
  value: unknown,
  key: 'holidays' | 'workdays',
  year: number | null,
  issue: (path: string, message: string, messageEn: string) => void,
): Entry[] {
  if (!Array.isArray(value)) {
    issue(key, `${key} 必须是数组`, `${key} must be an array`);
    return [];
  }
  if (value.length > MAX_ENTRIES) {
    issue(key, `${key} 最多 ${MAX_ENTRIES} 项`, `${key} holds at most ${MAX_ENTRIES} entries`);
    return [];
  }
  const entries: Entry[] = [];
  const seen = new Set<string>();
  value.forEach((raw: unknown, index) => {
    const path = `${key}[${index}]`;
    if (!isRecord(raw)) {
      issue(path, '每一项必须是 {"date": "YYYY-MM-DD", "name": "…"} 对象', 'Each entry must be an object {"date": "YYYY-MM-DD", "name": "…"}');
      return;
    }
    const { date, name } = raw;
    let ok = true;
    if (typeof date !== 'string' || !isIsoDate(date)) {
      issue(`${path}.date`, '日期必须是真实存在的 YYYY-MM-DD 日期', 'The date must be a real YYYY-MM-DD date');
      ok = false;
    } else if (year !== null && !date.startsWith(`${year}-`)) {
      issue(`${path}.date`, `日期 ${date} 不在 ${year} 年内`, `The date ${date} is not in ${year}`);
      ok = false;
    } else if (seen.has(date)) {
      issue(`${path}.date`, `日期 ${date} 重复`, `The date ${date} is listed twice`);
      ok = false;
    }
    let cleanName: string | null = null;
    if (typeof name === 'string') {
      cleanName = name.trim() || null;
      if (cleanName !== null && cleanName.length > MAX_NAME_LENGTH) {
        issue(`${path}.name`, `名称最多 ${MAX_NAME_LENGTH} 个字符`, `The name holds at most ${MAX_NAME_LENGTH} characters`);
        ok = false;
      }
    } else if (name !== undefined && name !== null) {
      issue(`${path}.name`, '名称必须是文本', 'The name must be a string');
      ok = false;
    }
    if (ok && typeof date === 'string') {
      seen.add(date);
      entries.push({ index, date, name: cleanName });
    }
  });
  return entries;
}

/** Validates an administrator's yearly holiday-arrangement file and turns it into override rows. */
export function parseArrangement(input: unknown): ArrangementParseResult {
  const errors: ArrangementIssue[] = [];
  const issue = (path: string, message: string, messageEn: string): void => {
    errors.push({ path, message, messageEn });
  };
  if (!isRecord(input)) {
    return { ok: false, errors: [{ path: '', message: '文件内容必须是 JSON 对象', messageEn: 'The file must hold a JSON object' }] };
  }

  let year: number | null = null;
  if (typeof input.year !== 'number' || !Number.isInteger(input.year) || input.year < ARRANGEMENT_MIN_YEAR || input.year > ARRANGEMENT_MAX_YEAR) {
    issue('year', `year 必须是 ${ARRANGEMENT_MIN_YEAR}–${ARRANGEMENT_MAX_YEAR} 之间的整数`, `year must be an integer from ${ARRANGEMENT_MIN_YEAR} to ${ARRANGEMENT_MAX_YEAR}`);
  } else {
    year = input.year;
  }

  const holidays = parseEntries(input.holidays, 'holidays', year, issue);
  if (Array.isArray(input.holidays) && input.holidays.length === 0) {
    issue('holidays', '节假日列表不能为空', 'holidays must not be empty');
  }
  const workdays = parseEntries(input.workdays, 'workdays', year, issue);

  const holidayDates = new Set(holidays.map((h) => h.date));
  for (const w of workdays) {
    const path = `workdays[${w.index}].date`;
    if (holidayDates.has(w.date)) {
      issue(path, `${w.date} 同时列为节假日和调休工作日`, `${w.date} is listed both as a holiday and as a working day`);
    } else if (!isWeekendDate(w.date)) {
      // A weekday is a working day already; listing it means a typo or a misread notice.
      issue(path, `调休工作日 ${w.date} 不是周六或周日`, `The make-up working day ${w.date} is not a Saturday or Sunday`);
    }
  }

  if (errors.length > 0 || year === null) {
    return { ok: false, errors };
  }

  // Every published arrangement contains the statutory days; a missing one is most likely a typo,
  // but the State Council has the last word, so it warns rather than blocks.
  const warnings: ArrangementIssue[] = [];
  const missing = statutoryCoreDays(year).filter((d) => !holidayDates.has(d.date));
  const reported = new Set<string>();
  for (const day of missing) {
    if (reported.has(day.date)) {
      continue;
    }
    reported.add(day.date);
    warnings.push({
      path: 'holidays',
      message: `法定节假日 ${day.date}（${day.name}）不在节假日列表中`,
      messageEn: `The statutory holiday ${day.date} (${day.nameEn}) is not among the holidays`,
    });
  }

  const overrides: CalendarOverride[] = [
    ...holidays.map((h): CalendarOverride => ({ date: h.date, kind: 'holiday', name: h.name })),
    ...workdays.map((w): CalendarOverride => ({ date: w.date, kind: 'working', name: w.name })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { ok: true, year, overrides, warnings };
}
