import type { ImportReport } from '@zhengqi/contracts/entities';
import { DomainError } from '../errors/domain-error';

/**
 * The import rule shared by every Excel import: `validate` only reports; `all` writes nothing
 * while any row has an issue (IMPORT_HAS_ERRORS carrying the report); `valid-only` writes the
 * rows without issues. Returns the report (imported still 0) and the rows to write.
 */
export function planImport<R extends { issues: readonly unknown[] }>(mode: ImportReport['mode'], rows: readonly R[], errors: ImportReport['errors']): { report: ImportReport; toWrite: R[] } {
  const valid = rows.filter((r) => r.issues.length === 0);
  const report: ImportReport = { mode, totalRows: rows.length, validRows: valid.length, errorRows: rows.length - valid.length, imported: 0, errors };
  if (mode === 'all' && report.errorRows > 0) {
    throw new DomainError('IMPORT_HAS_ERRORS', {
      errors: errors.slice(0, 500).map((e) => ({ field: `row ${e.row}: ${e.field}`, code: e.code, message: e.message, messageEn: e.messageEn })),
      extra: { report },
    });
  }
  return { report, toWrite: mode === 'validate' ? [] : valid };
}
