import { PROBLEM_STATE_LABELS } from '@zhengqi/contracts/problems';
import type { Bulletin } from '@zhengqi/contracts/supervision';
import ExcelJS from 'exceljs';
import { fenToYi } from './bulletin-content';

type Sheet = { name: string; columns: ReadonlyArray<{ header: string; width: number }>; rows: ReadonlyArray<ReadonlyArray<string | number | null>> };

function problemSheet(name: string, items: Bulletin['content']['overdue']): Sheet {
  return {
    name,
    columns: [
      { header: '问题编号', width: 16 }, { header: '项目', width: 30 }, { header: '问题', width: 36 }, { header: '责任单位', width: 24 },
      { header: '办理期限', width: 12 }, { header: '逾期（工作日）', width: 14 }, { header: '重办次数', width: 10 }, { header: '状态', width: 10 },
    ],
    rows: items.map((p) => [p.number, p.projectName, p.title, p.unitName, p.deadline, p.daysOverdue, p.reopenings, PROBLEM_STATE_LABELS[p.state].zh]),
  };
}

/** The bulletin as a workbook: overview, unit ranking, overdue problems, reopened problems. Rates are numbers (percent). */
export async function bulletinXlsx(b: Bulletin): Promise<Buffer> {
  const c = b.content;
  const inv = c.investment;
  const sheets: Sheet[] = [
    {
      name: '概况',
      columns: [{ header: '项目', width: 28 }, { header: '数值', width: 40 }],
      rows: [
        ['通报编号', b.number], ['区域', c.regionName], ['通报期间', `${b.from} 至 ${b.to}`], ['数据截至', c.asOf],
        ['交办问题', c.totals.problems], ['已办结', c.totals.closed], ['按期办结', c.totals.closedOnTime], ['按期办结率（%）', c.totals.onTimeClosureRate],
        ['逾期问题', c.totals.overdue], ['重办问题', c.totals.reopened],
        ['年度', inv.year], ['重点项目（个）', inv.projects], ['总投资（亿元）', fenToYi(inv.totalInvestmentFen)], ['年度计划投资（亿元）', fenToYi(inv.annualPlanFen)],
        ['本年完成投资（亿元）', fenToYi(inv.completedThisYearFen)], ['计划完成率（%）', inv.planCompletionRate], ['时间进度（%）', inv.timeProgress], ['开工率（%）', inv.startRate],
      ],
    },
    {
      name: '单位排名',
      columns: [
        { header: '排名', width: 6 }, { header: '责任单位', width: 30 }, { header: '交办问题', width: 10 }, { header: '已办结', width: 10 }, { header: '按期办结', width: 10 },
        { header: '按期办结率（%）', width: 14 }, { header: '逾期', width: 8 }, { header: '重办', width: 8 }, { header: '平均办结工作日', width: 14 },
      ],
      rows: c.units.map((u) => [u.rank, u.unitName, u.problems, u.closed, u.closedOnTime, u.onTimeClosureRate, u.overdue, u.reopened, u.avgWorkingDaysToClose]),
    },
    problemSheet('逾期问题', c.overdue),
    problemSheet('重办问题', c.reopened),
  ];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Zhengqi';
  wb.title = b.number;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = s.columns.map((col) => ({ header: col.header, width: col.width }));
    ws.getRow(1).font = { bold: true };
    for (const r of s.rows) {
      ws.addRow([...r]);
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
