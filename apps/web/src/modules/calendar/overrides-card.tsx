import { Button, Card, DatePicker, Input, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import type { OverrideListSchema, OverrideSchema } from '@zhengqi/contracts/calendar';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api, qs } from '../../app/api-client';
import { QueryState, exportRowsToExcel } from '../../app/list-kit';
import { weekdayName } from './calendar-dates';

/** An administrator's override of one day, as the server lists it. */
export type Override = z.infer<typeof OverrideSchema>;
type OverrideList = z.infer<typeof OverrideListSchema>;
type OverrideKind = Override['kind'];

/** The administrators' list of a year's overrides: filter, export, add, and edit or remove each one. */
export function OverridesCard(props: { year: number; onYear: (y: number) => void; onShowDate: (date: string) => void; onAdd: () => void; onEdit: (o: Override) => void; onRemove: (date: string) => void }) {
  const { year, onYear, onShowDate, onAdd, onEdit, onRemove } = props;
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [search, setSearch] = useState('');
  const [exporting, setExporting] = useState(false);
  const list = useQuery({ queryKey: ['calendar-overrides', year], queryFn: () => api<OverrideList>('GET', `/api/v1/calendar/overrides${qs({ year })}`) });
  const needle = search.trim().toLowerCase();
  const rows = (list.data?.items ?? []).filter((o) => needle === '' || o.date.includes(needle) || (o.name ?? '').toLowerCase().includes(needle));
  const kindLabel = (k: OverrideKind) => (k === 'holiday' ? t('calendar.overrides.kindHoliday') : t('calendar.overrides.kindWorking'));

  const exportList = async () => {
    setExporting(true);
    try {
      await exportRowsToExcel<Override>(
        `${t('calendar.overrides.exportName')}-${year}.xlsx`,
        [
          { title: t('calendar.overrides.date'), value: (o) => o.date },
          { title: t('calendar.col.weekday'), value: (o) => weekdayName(o.date, en) },
          { title: t('calendar.overrides.kind'), value: (o) => kindLabel(o.kind) },
          { title: t('calendar.overrides.name'), value: (o) => o.name ?? '' },
        ],
        rows,
      );
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('calendar.overrides.title')}
      data-testid="calendar-overrides"
    >
      <div style={{ marginBottom: 8 }}>
        <Space size="small" wrap>
          <Typography.Text>{t('calendar.overrides.year')}</Typography.Text>
          <DatePicker
            size="small"
            picker="year"
            allowClear={false}
            value={dayjs(`${year}-01-01`)}
            onChange={(d: Dayjs | null) => {
              if (d !== null) {
                onYear(d.year());
              }
            }}
            aria-label={t('calendar.overrides.year')}
            style={{ width: 90 }}
            data-testid="overrides-year"
          />
          <Input.Search size="small" allowClear placeholder={t('calendar.overrides.search')} onSearch={setSearch} onChange={(e) => setSearch(e.target.value)} style={{ width: 180 }} data-testid="overrides-search" />
          <Button size="small" icon={<DownloadOutlined />} loading={exporting} disabled={rows.length === 0} onClick={() => void exportList()} data-testid="overrides-export">
            {t('common.export')}
          </Button>
          <Button size="small" type="primary" icon={<PlusOutlined />} onClick={onAdd} data-testid="override-add">
            {t('calendar.overrides.add')}
          </Button>
        </Space>
      </div>
      <QueryState query={list}>
        <Table<Override>
          size="small"
          rowKey="date"
          dataSource={rows}
          data-testid="overrides-table"
          pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
          columns={[
            { title: t('calendar.overrides.date'), dataIndex: 'date', width: 130, render: (d: string) => <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onShowDate(d)}>{d}</Button> },
            { title: t('calendar.col.weekday'), key: 'weekday', width: 110, render: (_: unknown, o) => weekdayName(o.date, en) },
            { title: t('calendar.overrides.kind'), dataIndex: 'kind', width: 150, render: (k: OverrideKind) => <Tag color={k === 'holiday' ? 'red' : 'orange'}>{kindLabel(k)}</Tag> },
            { title: t('calendar.overrides.name'), dataIndex: 'name', render: (n: string | null) => n ?? '—' },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 150,
              render: (_: unknown, o) => (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => onEdit(o)} data-testid={`override-edit-${o.date}`}>{t('common.edit')}</Button>
                  <Button type="link" size="small" danger onClick={() => onRemove(o.date)} data-testid={`override-remove-${o.date}`}>{t('calendar.overrides.remove')}</Button>
                </Space>
              ),
            },
          ]}
        />
      </QueryState>
    </Card>
  );
}
