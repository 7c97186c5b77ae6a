// Date arithmetic on YYYY-MM-DD strings: each date is read as UTC midnight, so the browser's zone cannot shift it.

function utc(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function addDays(iso: string, n: number): string {
  const d = utc(iso);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Monday = 0 … Sunday = 6 (Chinese calendars start the week on Monday). */
export function weekdayIndex(iso: string): number {
  return (utc(iso).getUTCDay() + 6) % 7;
}

/** The month (`YYYY-MM`) `n` months after `month`. */
export function shiftMonth(month: string, n: number): string {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + n, 1)).toISOString().slice(0, 7);
}

/** The dates a month view shows: whole weeks, Monday first, from the week of the 1st to the week of the last day. */
export function monthGrid(month: string): { from: string; to: string; dates: string[] } {
  const first = `${month}-01`;
  const offset = weekdayIndex(first);
  const daysInMonth = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  const cells = Math.ceil((offset + daysInMonth) / 7) * 7;
  const start = addDays(first, -offset);
  const dates = Array.from({ length: cells }, (_, i) => addDays(start, i));
  return { from: start, to: addDays(start, cells - 1), dates };
}

/** The weekday's full name in the current language. */
export function weekdayName(iso: string, en: boolean): string {
  return new Intl.DateTimeFormat(en ? 'en-GB' : 'zh-CN', { weekday: 'long', timeZone: 'UTC' }).format(utc(iso));
}
