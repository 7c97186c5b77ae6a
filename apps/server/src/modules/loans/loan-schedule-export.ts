import { REPAYMENT_METHOD_LABELS } from '@zhengqi/contracts/loans';
import type { LoanDetail } from '@zhengqi/contracts/loan-applications';
import ExcelJS from 'exceljs';
import { styleHeader, toBuffer } from '../../platform/excel/sheet-cells';

const yuan = (fen: number) => fen / 100;

/** The repayment schedule of every disbursement, one sheet each, amounts in CNY with two decimals. */
export async function scheduleWorkbook(d: LoanDetail): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  if (d.disbursements.length === 0) {
    wb.addWorksheet('还款计划').addRow([`${d.number} 尚未放款，没有还款计划 (not disbursed yet)`]);
  }
  for (const [i, x] of d.disbursements.entries()) {
    const ws = wb.addWorksheet(`还款计划${d.disbursements.length > 1 ? String(i + 1) : ''}`, { views: [{ state: 'frozen', ySplit: 3 }] });
    ws.addRow([`${d.number} ${d.entityName}`, `放款 ${x.disbursedOn}`, `金额 ${yuan(x.amountFen).toFixed(2)} 元`, `年利率 ${d.annualRate ?? ''}%`, REPAYMENT_METHOD_LABELS[d.method].zh]);
    ws.addRow([]);
    ws.addRow(['期次 No.', '还款日 Due', '本金（元） Principal', '利息（元） Interest', '合计（元） Total', '剩余本金（元） Remaining', '已还本金 Paid principal', '已还利息 Paid interest', '状态 Status']);
    styleHeader(ws.getRow(3));
    for (const l of x.schedule) {
      ws.addRow([l.n, l.dueDate, yuan(l.principalFen), yuan(l.interestFen), yuan(l.totalFen), yuan(l.remainingFen), yuan(l.paidPrincipalFen), yuan(l.paidInterestFen), l.status]);
    }
    for (const c of [3, 4, 5, 6, 7, 8]) {
      ws.getColumn(c).numFmt = '#,##0.00';
      ws.getColumn(c).width = 16;
    }
    ws.getColumn(2).width = 12;
  }
  return toBuffer(wb);
}
