// A small deterministic generator so the demo data is the same on every machine, and the draws the
// demo seeds make from it.

export type Rand = () => number;

/** A linear congruential generator: the same sequence for a seed everywhere. */
export function prng(seed: number): Rand {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** An integer from `lo` to `hi`, both included. */
export const intBetween = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

export function pick<T>(rand: Rand, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) {
    throw new RangeError('pick from an empty list');
  }
  return item;
}

/** Shuffles `items` in place (Fisher–Yates) and returns them. */
export function shuffle<T>(rand: Rand, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
