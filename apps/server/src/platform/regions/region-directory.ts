import type { Tx } from '../db/database';
import { regions } from '../db/schema';
import { REGIONS, subtreeOf, type RegionRow } from './region-data';

/** Regions in memory: lookups and jurisdiction subtrees without a query. */
export type RegionDirectory = {
  all(): readonly RegionRow[];
  get(code: string): RegionRow | undefined;
  /** The region and everything under it; empty for an unknown code. */
  subtree(code: string): readonly string[];
};

/** Builds the directory from the region list. */
export function createRegionDirectory(rows: readonly RegionRow[] = REGIONS): RegionDirectory {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const cache = new Map<string, readonly string[]>();
  return {
    all: () => rows,
    get: (code) => byCode.get(code),
    subtree: (code) => {
      let s = cache.get(code);
      if (s === undefined) {
        s = subtreeOf(rows, code);
        cache.set(code, s);
      }
      return s;
    },
  };
}

/** Writes the region list into the database (idempotent; run at every start). */
export async function upsertRegions(tx: Tx, rows: readonly RegionRow[] = REGIONS): Promise<void> {
  for (const r of rows) {
    await tx
      .insert(regions)
      .values(r)
      .onConflictDoUpdate({ target: regions.code, set: { nameZh: r.nameZh, nameEn: r.nameEn, kind: r.kind, parentCode: r.parentCode, retired: r.retired } });
  }
}
