import { PROBLEM_STATE_LABELS } from '@zhengqi/contracts/problems';
import type { Bulletin } from '@zhengqi/contracts/supervision';
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { fenToYi, pct } from './bulletin-content';

// Fonts named as Word knows them on a Chinese Windows: the East Asian name first (what Word
// matches), with the Latin alias for other characters. Official documents set the body in
// 仿宋_GB2312 三号 (16 pt) and headings in 黑体.
const BODY_FONT = { ascii: 'FangSong', hAnsi: 'FangSong', cs: 'FangSong', eastAsia: '仿宋_GB2312', hint: 'eastAsia' };
const HEADING_FONT = { ascii: 'SimHei', hAnsi: 'SimHei', cs: 'SimHei', eastAsia: '黑体', hint: 'eastAsia' };
const BODY_SIZE = 32; // half-points: 三号
const TABLE_SIZE = 21; // 五号

const text = (t: string, size = BODY_SIZE, bold = false) => new TextRun({ text: t, font: BODY_FONT, size, bold });
const body = (t: string) => new Paragraph({ children: [text(t)], indent: { firstLine: 640 }, spacing: { line: 560 } });
const heading = (t: string) => new Paragraph({ children: [new TextRun({ text: t, font: HEADING_FONT, size: BODY_SIZE })], spacing: { before: 240, line: 560 } });

const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): Table {
  const cell = (t: string, isHeader: boolean) =>
    new TableCell({
      children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [isHeader ? new TextRun({ text: t, font: HEADING_FONT, size: TABLE_SIZE }) : text(t, TABLE_SIZE)] })],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: [new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }), ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c, false)) }))],
  });
}

const PROBLEM_HEADER = ['问题编号', '项目', '问题', '责任单位', '办理期限', '逾期（工作日）', '重办次数', '状态'];
function problemRows(items: Bulletin['content']['overdue']): string[][] {
  return items.map((p) => [p.number, p.projectName, p.title, p.unitName ?? '—', p.deadline ?? '—', String(p.daysOverdue), String(p.reopenings), PROBLEM_STATE_LABELS[p.state].zh]);
}

/** The bulletin as a Word document (A4, official-document fonts). */
export async function bulletinDocx(b: Bulletin): Promise<Buffer> {
  const c = b.content;
  const inv = c.investment;
  const children: Array<Paragraph | Table> = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text: `${c.regionName}重点项目问题督导通报`, font: HEADING_FONT, size: 44 })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [text(b.number)] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [text(`通报期间：${b.from} 至 ${b.to}（数据截至 ${c.asOf}）`)] }),
    heading('一、总体情况'),
    body(
      `通报期间共有已交办问题 ${c.totals.problems} 个，已办结 ${c.totals.closed} 个，其中按期办结 ${c.totals.closedOnTime} 个，按期办结率 ${pct(c.totals.onTimeClosureRate)}；` +
        `截至 ${c.asOf} 逾期未反馈 ${c.totals.overdue} 个，经“不满意”退回重新办理 ${c.totals.reopened} 个。`,
    ),
    body(
      `${inv.year} 年全区重点项目 ${inv.projects} 个，总投资 ${fenToYi(inv.totalInvestmentFen)} 亿元，年度计划投资 ${fenToYi(inv.annualPlanFen)} 亿元，` +
        `已完成 ${fenToYi(inv.completedThisYearFen)} 亿元，完成率 ${pct(inv.planCompletionRate)}，时间进度 ${pct(inv.timeProgress)}` +
        `${inv.gap === null ? '' : inv.gap < 0 ? `，落后时间进度 ${Math.abs(inv.gap).toFixed(1)} 个百分点` : `，超过时间进度 ${inv.gap.toFixed(1)} 个百分点`}；开工率 ${pct(inv.startRate)}。`,
    ),
    heading('二、责任单位按期办结率排名'),
    c.units.length === 0
      ? body('本期无已交办问题。')
      : table(
          ['排名', '责任单位', '交办问题', '已办结', '按期办结', '按期办结率', '逾期', '重办'],
          c.units.map((u) => [String(u.rank), u.unitName, String(u.problems), String(u.closed), String(u.closedOnTime), pct(u.onTimeClosureRate), String(u.overdue), String(u.reopened)]),
        ),
    heading('三、逾期未办结问题'),
    c.overdue.length === 0 ? body('本期无逾期问题。') : table(PROBLEM_HEADER, problemRows(c.overdue)),
    heading('四、退回重新办理问题'),
    c.reopened.length === 0 ? body('本期无退回重新办理的问题。') : table(PROBLEM_HEADER, problemRows(c.reopened)),
    body('请各责任单位对照通报问题，抓紧推进办理，按期反馈办理结果。'),
  ];
  const doc = new Document({
    creator: 'Zhengqi',
    title: b.number,
    styles: { default: { document: { run: { font: BODY_FONT, size: BODY_SIZE } } } },
    sections: [{ properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } }, children }],
  });
  return Packer.toBuffer(doc);
}
