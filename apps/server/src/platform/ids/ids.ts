import { v7 } from 'uuid';

/** Kind prefixes make an id's meaning visible in logs: `ent_…`, `usr_…`. */
export type IdPrefix = 'ent' | 'org' | 'usr' | 'per' | 'ses' | 'prj' | 'prb' | 'hof' | 'prc' | 'fil' | 'lna' | 'lnd' | 'lnr' | 'lnt' | 'dsk';

/** A new time-ordered id: prefix + UUIDv7 as 32 hex digits. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${v7().replaceAll('-', '')}`;
}
