// Business dates and times are Beijing time whatever the browser's zone. sv-SE writes dates the
// ISO way (2026-11-27 10:00), so the formatters' output needs no reassembly.
const zone = { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' } as const;
const dateOnly = new Intl.DateTimeFormat('sv-SE', zone);
const toMinute = new Intl.DateTimeFormat('sv-SE', { ...zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const toSecond = new Intl.DateTimeFormat('sv-SE', { ...zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

function format(formatter: Intl.DateTimeFormat, iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : formatter.format(d);
}

/** An instant as `YYYY-MM-DD HH:mm` in Asia/Shanghai (the text itself when it is not a date). */
export function formatShanghai(iso: string): string {
  return format(toMinute, iso);
}

/** An instant as `YYYY-MM-DD HH:mm:ss` in Asia/Shanghai (the text itself when it is not a date). */
export function formatShanghaiSeconds(iso: string): string {
  return format(toSecond, iso);
}

/** Today's date in Asia/Shanghai as `YYYY-MM-DD`; `fakeNow` is the server's fixed demo clock, when it has one. */
export function todayShanghai(fakeNow: string | null = null): string {
  return dateOnly.format(fakeNow === null ? new Date() : new Date(fakeNow));
}
