import './audit-messages';
import { Alert, Button, Checkbox, DatePicker, Form, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import type { AuditRecordSchema, AuditVerifySchema } from '@zhengqi/contracts/admin';
import type { Me } from '@zhengqi/contracts/auth';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../../app/api-client';
import { errorText } from '../../app/i18n';
import { ErrorBanner, QueryState, exportRowsToExcel, fetchAll, usePagedList } from '../../app/list-kit';
import { can } from '../../app/session';
import { formatShanghaiSeconds, todayShanghai } from '../../app/shanghai-time';

type AuditRecord = z.infer<typeof AuditRecordSchema>;
type AuditVerify = z.infer<typeof AuditVerifySchema>;
type AuditFilters = { actor?: string; action?: string; entityType?: string; entityId?: string; from?: string; to?: string };
type FilterForm = { actor?: string; action?: string; entityType?: string; entityId?: string; range?: [Dayjs | null, Dayjs | null] | null };

const ENTITY_TYPES = ['market_entity', 'person', 'organization', 'user', 'role', 'calendar_day', 'project', 'problem', 'system'] as const;
const ACTION_PREFIXES = ['auth.', 'user.', 'role.', 'org.', 'entity.', 'person.', 'calendar.', 'system.'] as const;

/** A picked wall-clock time read as Beijing time (the office's zone), as an ISO instant with offset. */
function beijingInstant(d: Dayjs, endOfMinute: boolean): string {
  return `${d.format('YYYY-MM-DDTHH:mm')}:${endOfMinute ? '59.999' : '00.000'}+08:00`;
}

function text(v: string | undefined): string | undefined {
  const s = v?.trim() ?? '';
  return s === '' ? undefined : s;
}

function toFilters(v: FilterForm): AuditFilters {
  const [from, to] = v.range ?? [null, null];
  return {
    actor: text(v.actor),
    action: text(v.action),
    entityType: text(v.entityType),
    entityId: text(v.entityId),
    from: from === null ? undefined : beijingInstant(from, false),
    to: to === null ? undefined : beijingInstant(to, true),
  };
}

// ---------- Before/after diff ----------

type DiffRow = { field: string; before: string | null; after: string | null; changed: boolean };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value as one line of text; nested values are JSON; `null` stands for "absent". */
function show(v: unknown): string | null {
  if (v === undefined) {
    return null;
  }
  if (typeof v === 'string') {
    return v;
  }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') {
    return String(v);
  }
  return JSON.stringify(v);
}

/** Field-by-field rows of a record's before and after; non-object values make one row. */
function diffRows(before: unknown, after: unknown, valueLabel: string): DiffRow[] {
  const b = before ?? undefined;
  const a = after ?? undefined;
  if ((b === undefined || isRecord(b)) && (a === undefined || isRecord(a))) {
    const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
    return keys.map((field) => {
      const bv = show(b?.[field]);
      const av = show(a?.[field]);
      return { field, before: bv, after: av, changed: bv !== av };
    });
  }
  const bv = show(b);
  const av = show(a);
  return [{ field: valueLabel, before: bv, after: av, changed: bv !== av }];
}

function AuditDiff({ record }: { record: AuditRecord }) {
  const { t } = useTranslation();
  const [onlyChanged, setOnlyChanged] = useState(false);
  const rows = diffRows(record.before, record.after, t('audit.diff.value'));
  const shown = onlyChanged ? rows.filter((r) => r.changed) : rows;
  const cell = (v: string | null) =>
    v === null ? <Typography.Text type="secondary">—</Typography.Text> : <span style={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>{v}</span>;
  if (rows.length === 0) {
    return <Typography.Text type="secondary">{t('audit.diff.noData')}</Typography.Text>;
  }
  return (
    <div data-testid="audit-diff" style={{ maxWidth: 1000 }}>
      <Space style={{ marginBottom: 4 }}>
        <Typography.Text strong>{t('audit.diff.title', { seq: record.seq })}</Typography.Text>
        <Checkbox checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)}>{t('audit.diff.onlyChanged')}</Checkbox>
      </Space>
      <Table<DiffRow>
        size="small"
        rowKey="field"
        dataSource={shown}
        pagination={false}
        bordered
        onRow={(r) => ({ style: r.changed ? { background: '#fffbe6' } : undefined, 'data-changed': r.changed ? 'true' : 'false' } as HTMLAttributes<HTMLElement>)}
        columns={[
          {
            title: t('audit.diff.field'),
            dataIndex: 'field',
            width: 200,
            render: (f: string, r) => (
              <Space size={4}>
                <span style={{ fontWeight: r.changed ? 600 : 400 }}>{f}</span>
                {r.changed && <Tag color="gold" style={{ marginInlineEnd: 0 }}>{t('audit.diff.changed')}</Tag>}
              </Space>
            ),
          },
          { title: t('audit.diff.before'), dataIndex: 'before', render: (v: string | null) => cell(v) },
          { title: t('audit.diff.after'), dataIndex: 'after', render: (v: string | null) => cell(v) },
        ]}
      />
    </div>
  );
}

// ---------- Chain verification ----------

function VerifyStatus() {
  const { t } = useTranslation();
  const verify = useQuery({ queryKey: ['audit-verify'], queryFn: () => api<AuditVerify>('GET', '/api/v1/audit/verify'), staleTime: Infinity });
  const recheck = (
    <Button size="small" icon={<ReloadOutlined />} loading={verify.isFetching} onClick={() => void verify.refetch()} data-testid="audit-verify-recheck">
      {t('audit.verify.recheck')}
    </Button>
  );
  const v = verify.data;
  let alert;
  if (verify.isFetching && v === undefined) {
    alert = <Alert type="info" showIcon title={t('audit.verify.checking')} action={recheck} />;
  } else if (verify.error !== null) {
    alert = <Alert type="error" showIcon title={t('audit.verify.failed')} description={errorText(verify.error)} action={recheck} />;
  } else if (v === undefined) {
    alert = <Alert type="info" showIcon title={t('audit.verify.checking')} action={recheck} />;
  } else {
    const at = t('audit.verify.checkedAt', { at: formatShanghaiSeconds(v.checkedAt) });
    alert = v.ok ? (
      <Alert
        type="success"
        showIcon
        title={
          <Space size="middle" wrap>
            <span>{t('audit.verify.ok', { count: v.count })}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{at}</Typography.Text>
          </Space>
        }
        action={recheck}
      />
    ) : (
      <Alert
        type="error"
        showIcon
        title={v.brokenAtSeq === undefined ? t('audit.verify.brokenNoSeq') : t('audit.verify.broken', { seq: v.brokenAtSeq })}
        description={
          <>
            {v.reason !== undefined && <div>{v.reason}</div>}
            <div>{at}</div>
          </>
        }
        action={recheck}
      />
    );
  }
  const state = verify.error !== null ? 'error' : v === undefined ? 'checking' : v.ok ? 'ok' : 'broken';
  return (
    <div data-testid="audit-verify-status" data-state={state} data-count={v?.count} data-broken-seq={v?.brokenAtSeq}>
      {alert}
    </div>
  );
}

// ---------- The page ----------

/** The auditor's page: chain verification on top, then the filtered records with their before/after diff. */
export function AuditPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [form] = Form.useForm<FilterForm>();
  const list = usePagedList<AuditRecord, AuditFilters>('audit', '/api/v1/audit', {});
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const entityTypeLabel = (k: string) => t(`audit.entityTypes.${k}`, { defaultValue: k });

  const exportAll = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const rows = await fetchAll<AuditRecord>('/api/v1/audit', list.filters);
      await exportRowsToExcel<AuditRecord>(
        `${t('audit.exportName')}-${todayShanghai(me.fakeNow)}.xlsx`,
        [
          { title: t('audit.col.seq'), value: (r) => r.seq },
          { title: t('audit.col.at'), value: (r) => formatShanghaiSeconds(r.at) },
          { title: t('audit.col.actor'), value: (r) => r.actorUsername ?? '' },
          { title: t('audit.col.actorUserId'), value: (r) => r.actorUserId ?? '' },
          { title: t('audit.col.actorOrgId'), value: (r) => r.actorOrgId ?? '' },
          { title: t('audit.col.action'), value: (r) => r.action },
          { title: t('audit.col.entityType'), value: (r) => entityTypeLabel(r.entityType) },
          { title: t('audit.col.entityId'), value: (r) => r.entityId ?? '' },
          { title: t('audit.col.region'), value: (r) => r.regionCode ?? '' },
          { title: t('audit.col.before'), value: (r) => show(r.before ?? undefined) ?? '' },
          { title: t('audit.col.after'), value: (r) => show(r.after ?? undefined) ?? '' },
          { title: t('audit.col.hash'), value: (r) => r.hash },
        ],
        rows,
      );
    } catch (err) {
      setExportError(err);
    } finally {
      setExporting(false);
    }
  };

  const filterBy = (v: FilterForm) => {
    list.setFilters(toFilters(v));
  };
  const showHistory = (r: AuditRecord) => {
    if (r.entityId === null) {
      return;
    }
    const next: FilterForm = { ...form.getFieldsValue(), entityType: r.entityType, entityId: r.entityId };
    form.setFieldsValue(next);
    filterBy(next);
  };

  const total = list.query.data?.total ?? 0;
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('audit.title')}</Typography.Title>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('audit.subtitle')}</Typography.Text>
      </div>
      {can(me, 'audit.verify') && <VerifyStatus />}
      <Form<FilterForm> form={form} layout="inline" size="small" onFinish={filterBy} style={{ rowGap: 8 }} data-testid="audit-filters">
        <Form.Item name="actor" label={t('audit.filter.actor')}>
          <Input allowClear placeholder={t('audit.filter.actorPlaceholder')} style={{ width: 150 }} data-testid="audit-filter-actor" />
        </Form.Item>
        <Form.Item name="action" label={t('audit.filter.action')}>
          <Input allowClear placeholder={t('audit.filter.actionPlaceholder')} style={{ width: 200 }} list="audit-action-prefixes" data-testid="audit-filter-action" />
        </Form.Item>
        <Form.Item name="entityType" label={t('audit.filter.entityType')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 150 }}
            options={ENTITY_TYPES.map((k) => ({ value: k, label: entityTypeLabel(k) }))}
            data-testid="audit-filter-entity-type"
          />
        </Form.Item>
        <Form.Item name="entityId" label={t('audit.filter.entityId')}>
          <Input allowClear style={{ width: 170 }} data-testid="audit-filter-entity-id" />
        </Form.Item>
        <Form.Item name="range" label={t('audit.filter.time')}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} style={{ width: 310 }} data-testid="audit-filter-range" />
        </Form.Item>
        <Form.Item>
          <Space size="small">
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-filter-submit">{t('common.search')}</Button>
            <Button
              onClick={() => {
                form.resetFields();
                list.setFilters({});
              }}
              data-testid="audit-filter-reset"
            >
              {t('common.reset')}
            </Button>
            <Button icon={<DownloadOutlined />} loading={exporting} disabled={total === 0} onClick={() => void exportAll()} data-testid="audit-export">
              {t('common.export')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <datalist id="audit-action-prefixes">
        {ACTION_PREFIXES.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      <ErrorBanner error={exportError} />
      <div data-testid="audit-table">
        <QueryState query={list.query} isEmpty={total === 0 && !list.query.isFetching}>
          <Table<AuditRecord>
            size="small"
            rowKey="seq"
            loading={list.query.isFetching}
            dataSource={list.query.data?.items ?? []}
            pagination={{ ...list.pagination, showTotal: (n: number) => t('common.total', { total: n }) }}
            scroll={{ x: 1000 }}
            expandable={{
              expandedRowRender: (r) => <AuditDiff record={r} />,
              rowExpandable: (r) => (r.before ?? null) !== null || (r.after ?? null) !== null,
            }}
            columns={[
              { title: t('audit.col.seq'), dataIndex: 'seq', width: 80 },
              { title: t('audit.col.at'), dataIndex: 'at', width: 160, render: (v: string) => formatShanghaiSeconds(v) },
              {
                title: t('audit.col.actor'),
                key: 'actor',
                width: 140,
                render: (_: unknown, r) =>
                  r.actorUsername ?? (r.actorUserId === null ? <Typography.Text type="secondary">{t('audit.diff.system')}</Typography.Text> : <Typography.Text code>{r.actorUserId}</Typography.Text>),
              },
              { title: t('audit.col.action'), dataIndex: 'action', width: 200, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
              { title: t('audit.col.entityType'), dataIndex: 'entityType', width: 120, render: (v: string) => entityTypeLabel(v) },
              {
                title: t('audit.col.entityId'),
                dataIndex: 'entityId',
                ellipsis: true,
                render: (v: string | null, r) =>
                  v === null ? '—' : (
                    <Tooltip title={v}>
                      <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => showHistory(r)}>{v}</Button>
                    </Tooltip>
                  ),
              },
              { title: t('audit.col.region'), dataIndex: 'regionCode', width: 90, render: (v: string | null) => v ?? '—' },
              {
                title: t('audit.col.hash'),
                dataIndex: 'hash',
                width: 120,
                render: (v: string) => (
                  <Tooltip title={<span style={{ wordBreak: 'break-all' }}>{v}</span>}>
                    <Typography.Text code style={{ fontSize: 11 }}>{v.slice(0, 10)}…</Typography.Text>
                  </Tooltip>
                ),
              },
            ]}
            locale={{ emptyText: t('common.empty') }}
            aria-label={en ? 'Audit records' : '审计记录'}
          />
        </QueryState>
      </div>
    </Space>
  );
}
