import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/domain-error';
import { planImport } from './import-plan';

const rows = [{ row: 2, issues: [] }, { row: 3, issues: ['bad'] }, { row: 4, issues: [] }];
const errors = [{ row: 3, field: 'foundedOn', code: 'VALIDATION_FAILED', message: '第 3 行', messageEn: 'Row 3' }];

describe('import plan', () => {
  it('validate reports and writes nothing', () => {
    const p = planImport('validate', rows, errors);
    expect(p.report).toMatchObject({ totalRows: 3, validRows: 2, errorRows: 1, imported: 0 });
    expect(p.toWrite).toEqual([]);
  });
  it('all refuses the whole file while any row has an issue, naming the row', () => {
    let thrown: unknown;
    try {
      planImport('all', rows, errors);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('IMPORT_HAS_ERRORS');
    expect((thrown as DomainError).opts.errors?.[0]?.field).toBe('row 3: foundedOn');
  });
  it('all writes every row of a clean file; valid-only writes the rows without issues', () => {
    expect(planImport('all', rows.filter((r) => r.issues.length === 0), []).toWrite.map((r) => r.row)).toEqual([2, 4]);
    expect(planImport('valid-only', rows, errors).toWrite.map((r) => r.row)).toEqual([2, 4]);
  });
});
