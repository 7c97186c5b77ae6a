// Calendar arithmetic on ISO dates ('YYYY-MM-DD') and months ('YYYY-MM'), in whole days, with no
// time zone: business dates are already Asia/Shanghai dates when they reach the loan rules.

const DAY_MS = 86_400_000;

function parts(date: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m === null) {
    throw new RangeError(`not an ISO date: ${date}`);
  }
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** `date` plus `k` calendar months on the same day of the month, clamped to the month's end (Jan 31 + 1 → Feb 28/29). */
export function addMonthsClamped(date: string, k: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + k;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  return iso(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

/** Whole months from `from` to `to`: the largest k with addMonthsClamped(from, k) ≤ to; 0 when `to` is before `from`. */
export function fullMonthsBetween(from: string, to: string): number {
  if (to < from) {
    return 0;
  }
  const [fy, fm] = parts(from);
  const [ty, tm] = parts(to);
  const k = (ty - fy) * 12 + (tm - fm);
  return addMonthsClamped(from, k) <= to ? k : k - 1;
}

/** Days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / DAY_MS);
}

/** The month ('YYYY-MM') a date falls in. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** `month` ('YYYY-MM') plus `k` months. */
export function addMonthsToMonth(month: string, k: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + k;
  const m = (index % 12) + 1;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}`;
}
