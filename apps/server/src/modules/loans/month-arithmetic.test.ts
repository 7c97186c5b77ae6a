import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMonthsClamped, addMonthsToMonth, daysBetween, fullMonthsBetween } from './month-arithmetic';

describe('month arithmetic', () => {
  it.each([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-01-31', 2, '2024-03-31'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-12-15', 1, '2026-01-15'],
    ['2025-01-15', -1, '2024-12-15'],
    ['2025-03-31', -1, '2025-02-28'],
  ])('%s + %d months = %s', (date, k, expected) => {
    expect(addMonthsClamped(date, k)).toBe(expected);
  });

  it.each([
    ['2024-03-15', '2025-03-15', 12],
    ['2024-03-16', '2025-03-15', 11],
    ['2024-01-31', '2025-01-30', 11], // 11 months and 30 days
    ['2024-01-31', '2025-01-31', 12],
    ['2024-01-31', '2024-02-29', 1], // the month end counts as the same day
    ['2025-03-15', '2025-03-14', 0],
    ['2025-03-15', '2025-03-15', 0],
  ])('from %s to %s is %d whole months', (from, to, months) => {
    expect(fullMonthsBetween(from, to)).toBe(months);
  });

  it('days and months', () => {
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29);
    expect(daysBetween('2025-03-01', '2025-02-01')).toBe(-28);
    expect(addMonthsToMonth('2025-01', -1)).toBe('2024-12');
    expect(addMonthsToMonth('2024-12', 13)).toBe('2026-01');
  });

  it('whole months is the largest k with start + k months not after the end (property)', () => {
    const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const k = fullMonthsBetween(from, to);
        expect(addMonthsClamped(from, k) <= to).toBe(true);
        expect(addMonthsClamped(from, k + 1) > to).toBe(true);
      }),
    );
  });
});
