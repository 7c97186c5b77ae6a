/**
 * The total of a paged query that selected `count(*) over ()`: read from the first row, or —
 * for a page past the end, which has no rows — counted separately.
 */
export async function pageTotal(rows: ReadonlyArray<{ total: number | string }>, page: number, count: () => Promise<number | string | undefined>): Promise<number> {
  const first = rows[0];
  if (first !== undefined) {
    return Number(first.total);
  }
  return page > 1 ? Number((await count()) ?? 0) : 0;
}
