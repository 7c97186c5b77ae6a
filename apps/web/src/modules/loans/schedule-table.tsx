import { Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ScheduleLineSchema } from '@zhengqi/contracts/loan-applications';
import type { Instalment } from '@zhengqi/contracts/loans';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ExportColumn } from '../../app/list-kit';
import { yuanText } from './loan-format';

/** One line of a disbursement's schedule: the instalment with what has been paid against it. */
export type ScheduleLine = z.infer<typeof ScheduleLineSchema>;

const STATUS_COLOR: Record<ScheduleLine['status'], string> = { paid: 'green', partial: 'gold', due: 'default', overdue: 'red' };

function isLine(row: Instalment | ScheduleLine): row is ScheduleLine {
  return 'status' in row;
}

/** The columns of an instalment table (for the Excel export): 元 with two decimals, as the table shows them. */
export function scheduleExportColumns(t: TFunction, withPayments: boolean): Array<ExportColumn<Instalment | ScheduleLine>> {
  const yuan = (fen: number) => fen / 100;
  const cols: Array<ExportColumn<Instalment | ScheduleLine>> = [
    { title: t('loans.schedule.n'), value: (r) => r.n },
    { title: t('loans.schedule.dueDate'), value: (r) => r.dueDate },
    { title: t('loans.schedule.principal'), value: (r) => yuan(r.principalFen) },
    { title: t('loans.schedule.interest'), value: (r) => yuan(r.interestFen) },
    { title: t('loans.schedule.total'), value: (r) => yuan(r.totalFen) },
    { title: t('loans.schedule.remaining'), value: (r) => yuan(r.remainingFen) },
  ];
  if (withPayments) {
    cols.push(
      { title: t('loans.schedule.paid'), value: (r) => (isLine(r) ? yuan(r.paidPrincipalFen + r.paidInterestFen) : null) },
      { title: t('loans.schedule.status'), value: (r) => (isLine(r) ? t(`loans.schedule.statusLabel.${r.status}`) : null) },
    );
  }
  return cols;
}

/** A repayment schedule: n, due date, principal, interest, total, remaining and, for a real loan, what was paid and the line's status. */
export function ScheduleTable({ rows, testId }: { rows: ReadonlyArray<Instalment | ScheduleLine>; testId: string }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const withPayments = rows.some(isLine);
  const money = (fen: number) => yuanText(fen, en);
  const columns: ColumnsType<Instalment | ScheduleLine> = [
    { title: t('loans.schedule.n'), dataIndex: 'n', width: 60, align: 'right' },
    { title: t('loans.schedule.dueDate'), dataIndex: 'dueDate', width: 110 },
    { title: t('loans.schedule.principal'), dataIndex: 'principalFen', width: 130, align: 'right', render: money },
    { title: t('loans.schedule.interest'), dataIndex: 'interestFen', width: 120, align: 'right', render: money },
    { title: t('loans.schedule.total'), dataIndex: 'totalFen', width: 130, align: 'right', render: money },
    { title: t('loans.schedule.remaining'), dataIndex: 'remainingFen', width: 140, align: 'right', render: money },
  ];
  if (withPayments) {
    columns.push(
      { title: t('loans.schedule.paid'), key: 'paid', width: 130, align: 'right', render: (_: unknown, r) => (isLine(r) ? money(r.paidPrincipalFen + r.paidInterestFen) : '') },
      {
        title: t('loans.schedule.status'),
        key: 'status',
        width: 90,
        render: (_: unknown, r) => (isLine(r) ? <Tag color={STATUS_COLOR[r.status]}>{t(`loans.schedule.statusLabel.${r.status}`)}</Tag> : null),
      },
    );
  }
  return (
    <Table<Instalment | ScheduleLine>
      rowKey="n"
      size="small"
      columns={columns}
      dataSource={[...rows]}
      pagination={rows.length > 36 ? { pageSize: 36, showSizeChanger: false } : false}
      scroll={{ x: columns.reduce((s, c) => s + Number(c.width ?? 100), 0), y: 420 }}
      data-testid={testId}
    />
  );
}
