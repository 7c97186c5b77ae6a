import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, Form, Input, Row, Select, Space } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Me } from '@zhengqi/contracts/auth';
import { DESK_KINDS, DESK_KIND_LABELS, type DeskEntryBodySchema, type DeskEntrySchema } from '@zhengqi/contracts/loan-applications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../../app/api-client';
import { ExportButton } from '../../app/export-button';
import { FormModal } from '../../app/form-modal';
import { exportListToExcel, usePagedList, type ExportColumn } from '../../app/list-kit';
import { ListSearch, PageHeader, PagedTable } from '../../app/list-page';
import { can } from '../../app/session';
import { formatShanghai, todayShanghai } from '../../app/shanghai-time';
import { LoanEntityPicker } from './entity-picker';
import { pick } from './loan-format';
import { IsoDateInput, isFieldError, loanFieldErrors } from './loan-inputs';

type DeskEntry = z.infer<typeof DeskEntrySchema>;
type DeskKind = (typeof DESK_KINDS)[number];
type DeskFilters = { kind?: DeskKind; q?: string };
type DeskValues = { kind: DeskKind; heldOn: string; subject: string; attendees: string; outcome: string; entityId?: string };
const FIELDS = ['kind', 'heldOn', 'subject', 'attendees', 'outcome', 'entityId'] as const;

/** The form of a new desk entry (meeting, consultation or follow-up), optionally about one enterprise. */
function DeskEntryModal({ me, onClose, onDone }: { me: Me; onClose: () => void; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [form] = Form.useForm<DeskValues>();
  const save = useMutation({
    mutationFn: (v: DeskValues) => {
      const body: z.input<typeof DeskEntryBodySchema> = { kind: v.kind, heldOn: v.heldOn, subject: v.subject, attendees: v.attendees, outcome: v.outcome, entityId: v.entityId ?? null };
      return api<DeskEntry>('POST', '/api/v1/loans/desk', body);
    },
    onSuccess: onDone,
    onError: (err) => form.setFields(loanFieldErrors(err, FIELDS)),
  });
  return (
    <FormModal title={t('loans.desk.addTitle')} width={620} form={form} saving={save.isPending} error={isFieldError(save.error, FIELDS) ? null : save.error} submitTestId="desk-submit" onClose={onClose}>
      <Form<DeskValues> form={form} layout="vertical" initialValues={{ kind: 'meeting', heldOn: todayShanghai(me.fakeNow) }} onFinish={(v) => save.mutate(v)}>
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item name="kind" label={t('loans.desk.kind')} rules={[{ required: true }]}>
              <Select options={DESK_KINDS.map((k) => ({ value: k, label: pick(DESK_KIND_LABELS[k], en) }))} data-testid="desk-kind" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="heldOn" label={t('loans.desk.heldOn')} rules={[{ required: true }]}>
              <IsoDateInput testId="desk-held-on" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="subject" label={t('loans.desk.subject')} rules={[{ required: true, whitespace: true, min: 2, max: 200 }]}>
          <Input data-testid="desk-subject" />
        </Form.Item>
        <Form.Item name="attendees" label={t('loans.desk.attendees')} rules={[{ required: true, whitespace: true, max: 1000 }]}>
          <Input.TextArea rows={2} data-testid="desk-attendees" />
        </Form.Item>
        <Form.Item name="outcome" label={t('loans.desk.outcome')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
          <Input.TextArea rows={3} data-testid="desk-outcome" />
        </Form.Item>
        {can(me, 'entity.read') && (
          <Form.Item name="entityId" label={t('loans.desk.entity')}>
            <LoanEntityPicker me={me} testId="desk-entity" />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}

/** The government–bank–enterprise desk log (政银企对接台账): meetings, consultations and follow-ups with attendees and outcomes. */
export function DeskPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const list = usePagedList<DeskEntry, DeskFilters>('loan-desk', '/api/v1/loans/desk', {});
  const f = list.filters;
  const kindName = (k: DeskKind) => pick(DESK_KIND_LABELS[k], en);
  const columns: ColumnsType<DeskEntry> = [
    { title: t('loans.desk.heldOn'), dataIndex: 'heldOn', width: 110 },
    { title: t('loans.desk.kind'), dataIndex: 'kind', width: 150, render: (v: DeskKind) => kindName(v) },
    { title: t('loans.desk.subject'), dataIndex: 'subject', width: 220, ellipsis: true },
    { title: t('loans.desk.attendees'), dataIndex: 'attendees', width: 200, ellipsis: true },
    { title: t('loans.desk.outcome'), dataIndex: 'outcome', width: 260, ellipsis: true },
    { title: t('loans.desk.entity'), dataIndex: 'entityName', width: 180, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('loans.desk.createdBy'), key: 'createdBy', width: 180, render: (_: unknown, r) => `${r.createdBy} · ${formatShanghai(r.createdAt)}` },
  ];
  const exportColumns: Array<ExportColumn<DeskEntry>> = [
    { title: t('loans.desk.heldOn'), value: (r) => r.heldOn },
    { title: t('loans.desk.kind'), value: (r) => kindName(r.kind) },
    { title: t('loans.desk.subject'), value: (r) => r.subject },
    { title: t('loans.desk.attendees'), value: (r) => r.attendees },
    { title: t('loans.desk.outcome'), value: (r) => r.outcome },
    { title: t('loans.desk.entity'), value: (r) => r.entityName },
    { title: t('loans.desk.createdBy'), value: (r) => r.createdBy },
  ];
  const done = () => {
    void message.success(t('loans.desk.done'));
    setAdding(false);
    void qc.invalidateQueries({ queryKey: ['loan-desk'] });
  };
  return (
    <>
      <PageHeader title={t('loans.desk.title')}>
        {can(me, 'loan.desk') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="desk-add">{t('loans.desk.add')}</Button>}
        <ExportButton onExport={() => exportListToExcel('/api/v1/loans/desk', f, t('loans.desk.exportStem'), exportColumns)} testId="desk-export" />
      </PageHeader>
      <Space wrap style={{ marginBottom: 12 }}>
        <ListSearch placeholder={t('loans.desk.searchPlaceholder')} width={260} testId="desk-search" onSearch={(q) => list.setFilters({ ...f, q })} />
        <Select
          allowClear
          placeholder={t('loans.desk.kind')}
          aria-label={t('loans.desk.kind')}
          value={f.kind}
          onChange={(v: DeskKind | undefined) => list.setFilters({ ...f, kind: v })}
          options={DESK_KINDS.map((k) => ({ value: k, label: kindName(k) }))}
          style={{ width: 200 }}
          data-testid="desk-filter-kind"
        />
      </Space>
      <PagedTable<DeskEntry> list={list} columns={columns} scrollX={1300} testId="desk-table" />
      {adding && <DeskEntryModal me={me} onClose={() => setAdding(false)} onDone={done} />}
    </>
  );
}
