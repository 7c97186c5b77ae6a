import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSchedule, type ScheduleInput } from './schedule';
import { buildScheduleFast } from './schedule-fast';

const isoDay = fc
  .record({ y: fc.integer({ min: 1990, max: 2060 }), m: fc.integer({ min: 1, max: 12 }), d: fc.oneof(fc.integer({ min: 1, max: 28 }), fc.constantFrom(29, 30, 31)) })
  .map(({ y, m, d }) => {
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return `${y}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  });

// Rates as an officer types them: 0–24 %, 0 to 6 decimals, with the shipped product's range crowded.
const rate = fc.oneof(
  fc.constantFrom('0', '0.00', '2.9', '2.90', '3.05', '3.45', '3.6', '3.65', '3.85', '4', '4.00', '3.7000'),
  fc.record({ whole: fc.integer({ min: 0, max: 24 }), frac: fc.integer({ min: 0, max: 999_999 }), places: fc.integer({ min: 0, max: 6 }) })
    .map(({ whole, frac, places }) => (places === 0 ? String(whole) : `${whole}.${String(frac).padStart(6, '0').slice(0, places)}`)),
);

const input: fc.Arbitrary<ScheduleInput> = fc.record({
  principalFen: fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 5_000_000_000 }), fc.constantFrom(300_000_000, 5_000_000_000, 49_999_999_999)),
  annualRate: rate,
  months: fc.oneof(fc.constantFrom(1, 12, 24, 36), fc.integer({ min: 1, max: 120 })),
  method: fc.constantFrom('equal_instalment' as const, 'equal_principal' as const, 'interest_only' as const, 'bullet' as const),
  startDate: isoDay,
  dayCount: fc.constantFrom('ACT/360' as const, 'ACT/360' as const, '30/360' as const),
});

describe('buildScheduleFast', () => {
  it('gives exactly what buildSchedule gives, on random loans', () => {
    fc.assert(fc.property(input, (i) => {
      expect(buildScheduleFast(i)).toEqual(buildSchedule(i));
    }), { numRuns: 1000 });
  }, 60_000);

  it('agrees on the longest term', () => {
    for (const method of ['equal_instalment', 'equal_principal', 'interest_only', 'bullet'] as const) {
      const i: ScheduleInput = { principalFen: 49_999_999_999, annualRate: '4.35', months: 600, method, startDate: '2024-01-31', dayCount: 'ACT/360' };
      expect(buildScheduleFast(i)).toEqual(buildSchedule(i));
    }
  });

  it('agrees on the month ends and leap days', () => {
    for (const startDate of ['2024-01-31', '2024-02-29', '2023-02-28', '2025-08-31', '2026-12-31', '2000-02-29', '2100-01-31']) {
      for (const method of ['equal_instalment', 'equal_principal', 'interest_only', 'bullet'] as const) {
        const i: ScheduleInput = { principalFen: 300_000_000, annualRate: '3.65', months: 36, method, startDate, dayCount: 'ACT/360' };
        expect(buildScheduleFast(i)).toEqual(buildSchedule(i));
      }
    }
  });

  it('throws as buildSchedule does on invalid input', () => {
    const bad: ScheduleInput[] = [
      { principalFen: 0, annualRate: '3.65', months: 12, method: 'equal_instalment', startDate: '2026-01-15', dayCount: 'ACT/360' },
      { principalFen: 1.5, annualRate: '3.65', months: 12, method: 'equal_instalment', startDate: '2026-01-15', dayCount: 'ACT/360' },
      { principalFen: 100, annualRate: '-1', months: 12, method: 'equal_instalment', startDate: '2026-01-15', dayCount: 'ACT/360' },
      { principalFen: 100, annualRate: '3.65', months: 0, method: 'equal_instalment', startDate: '2026-01-15', dayCount: 'ACT/360' },
      { principalFen: 100, annualRate: 'x', months: 12, method: 'equal_instalment', startDate: '2026-01-15', dayCount: 'ACT/360' },
    ];
    for (const i of bad) {
      const message = (f: () => unknown) => {
        try {
          f();
        } catch (e) {
          return e instanceof Error ? e.message : String(e);
        }
        return 'no error';
      };
      expect(message(() => buildScheduleFast(i))).toBe(message(() => buildSchedule(i)));
      expect(message(() => buildSchedule(i))).not.toBe('no error');
    }
  });
});
