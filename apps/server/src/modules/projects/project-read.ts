import type { ProgressReport, ProjectDetail } from '@zhengqi/contracts/projects';
import type { HelpingOfficial, Party } from '@zhengqi/contracts/project-parts';
import { eq, sql } from 'drizzle-orm';
import type { WorkingCalendar } from '../../platform/calendar/working-days';
import type { Tx } from '../../platform/db/database';
import { marketEntities } from '../registry/schema';
import { completedInYear, toSummary } from './project-data';
import { sortParties, sortProcedures, toProcedure, type ProcedureFields } from './project-parts-service';
import { projectHelpingOfficials, projectParties, projectProcedures, projectProgressReports, projects } from './schema';

// The project detail read (GET /api/v1/projects/:id) as ONE statement: the row, its owner's name,
// this year's completed investment and the four lists as JSON. It runs with `db.readAs` (on
// PostgreSQL one round trip on a connection pinned to the jurisdiction, no BEGIN/COMMIT) as a named
// prepared statement built once per database handle, like the market-entity read (decision 0006).
// JSON keeps dates of type `date` as 'YYYY-MM-DD' (ISO whatever DateStyle says) and bigint as
// numbers; no timestamp is read from JSON, so the values are those the per-table reads returned.

function buildDetailQuery(db: Tx) {
  return db
    .select({
      p: projects,
      ownerName: marketEntities.name,
      completed: completedInYear,
      reports: sql<ProgressReport[]>`(select coalesce(json_agg(json_build_object('month', r.month, 'investmentCompletedFen', r.investment_completed_fen, 'stage', r.stage, 'percent', r.percent) order by r.month), '[]'::json) from ${projectProgressReports} r where r.project_id = ${projects.id})`,
      officials: sql<HelpingOfficial[]>`(select coalesce(json_agg(json_build_object('id', h.id, 'userId', h.user_id, 'name', h.name, 'title', h.title, 'role', h.role, 'since', h.since) order by h.position), '[]'::json) from ${projectHelpingOfficials} h where h.project_id = ${projects.id})`,
      parties: sql<Party[]>`(select coalesce(json_agg(json_build_object('kind', x.kind, 'unitName', x.unit_name, 'uscc', x.uscc, 'responsiblePerson', x.responsible_person, 'licenceNumber', x.licence_number, 'authorisedOn', x.authorised_on, 'commitmentOn', x.commitment_on)), '[]'::json) from ${projectParties} x where x.project_id = ${projects.id})`,
      procedures: sql<ProcedureFields[]>`(select coalesce(json_agg(json_build_object('id', c.id, 'projectId', c.project_id, 'kind', c.kind, 'status', c.status, 'responsibleUnit', c.responsible_unit, 'appliedOn', c.applied_on, 'approvedOn', c.approved_on, 'limitWorkdays', c.limit_workdays, 'note', c.note, 'version', c.version)), '[]'::json) from ${projectProcedures} c where c.project_id = ${projects.id})`,
    })
    .from(projects)
    .leftJoin(marketEntities, eq(marketEntities.id, projects.ownerEntityId))
    // `owner` null: any visible project; a USCC: only that market entity's (as project-data's ownedBy).
    .where(sql`${projects.id} = ${sql.placeholder('id')} and (${sql.placeholder('owner')}::text is null or ${projects.ownerEntityId} in (select me.id from ${marketEntities} me where me.uscc = ${sql.placeholder('owner')}))`)
    .prepare('zq_project_detail');
}

// Built once per database handle (on PostgreSQL the jurisdiction's pool: pg prepares the named
// statement once per connection; on PGlite each read's transaction handle).
const detailQueries = new WeakMap<Tx, ReturnType<typeof buildDetailQuery>>();

/**
 * One visible project with its progress reports (oldest first), helping officials, responsible
 * parties and procedures (deadlines from `calendar`); undefined when missing, outside the
 * jurisdiction or, with `ownerUscc`, not that owner's.
 */
export async function readProjectDetail(
  db: Tx, id: string, regionName: (code: string) => string, ownerUscc: string | undefined, calendar: WorkingCalendar, today: string,
): Promise<ProjectDetail | undefined> {
  let query = detailQueries.get(db);
  if (query === undefined) {
    query = buildDetailQuery(db);
    detailQueries.set(db, query);
  }
  const [row] = await query.execute({ id, owner: ownerUscc ?? null });
  if (row === undefined) {
    return undefined;
  }
  const { p } = row;
  return {
    ...toSummary(p, row.ownerName, row.completed, regionName),
    description: p.description,
    progressReports: row.reports,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    officials: row.officials,
    parties: sortParties(row.parties),
    procedures: sortProcedures(row.procedures.map((r) => toProcedure(r, calendar, today))),
  };
}
