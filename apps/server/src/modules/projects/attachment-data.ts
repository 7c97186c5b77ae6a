import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import { problems } from './schema';

const problemFileColumns = {
  id: problems.id, regionCode: problems.regionCode, projectId: problems.projectId, state: problems.state,
  reporterId: problems.reporterId, handlerId: problems.handlerId, unitId: problems.unitId,
};

/**
 * The facts of a problem that decide who may touch its files. `lock` takes a share lock on the row
 * until the transaction ends, so an upload and a state change (closing) do not interleave.
 */
export async function selectProblemFileFacts(tx: Tx, id: string, lock: boolean) {
  const q = tx.select(problemFileColumns).from(problems).where(eq(problems.id, id));
  const [r] = lock ? await q.for('share') : await q;
  return r;
}
