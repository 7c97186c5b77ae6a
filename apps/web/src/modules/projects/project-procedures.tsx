import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import {
  PROCEDURE_STATUSES, PROCEDURE_STATUS_LABELS,
  type Procedure, type ProcedureCreateBody, type ProcedurePatchBody, type ProcedureStatus,
} from '@zhengqi/contracts/project-parts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api-client';
import { fieldErrorsOf } from '../../app/form-errors';
import { FormModal } from '../../app/form-modal';
import { QueryState } from '../../app/list-kit';
import { IsoDateInput } from './project-officials';
import { pick } from './project-messages';
import { useReferenceLabel, useReferenceOptions } from '../../app/reference-lists';

type ProcedureValues = {
  kind?: string;
  status: ProcedureStatus;
  responsibleUnit?: string;
  appliedOn?: string | null;
  approvedOn?: string | null;
  limitWorkdays?: number | null;
  note?: string;
};
const FIELDS = ['kind', 'status', 'responsibleUnit', 'appliedOn', 'approvedOn', 'limitWorkdays', 'note'] as const;

/** A deadline, red with the working days overdue when the procedure is overdue. */
export function ProcedureDeadline({ p }: { p: Pick<Procedure, 'deadline' | 'overdue' | 'daysOverdue'> }): ReactNode {
  const { t } = useTranslation();
  if (!p.overdue) {
    return p.deadline ?? '—';
  }
  return (
    <Typography.Text type="danger">
      {p.deadline ?? '—'} · {t('projectParts.procedures.overdue', { days: p.daysOverdue })}
    </Typography.Text>
  );
}

/** The procedures (手续) of a project with their working-day deadlines; holders of project.write add and change them. */
export function ProjectProcedures({ projectId, canWrite }: { projectId: string; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [editing, setEditing] = useState<Procedure | 'new' | null>(null);
  const kindLabel = useReferenceLabel('procedure_kind');
  const kindOptions = useReferenceOptions('procedure_kind');
  const url = `/api/v1/projects/${encodeURIComponent(projectId)}/procedures`;
  const query = useQuery({ queryKey: ['project', projectId, 'procedures'], queryFn: () => api<{ items: Procedure[] }>('GET', url) });
  const items = query.data?.items ?? [];
  const free = kindOptions.filter((k) => !items.some((p) => p.kind === k.value));
  const columns: ColumnsType<Procedure> = [
    { title: t('projectParts.procedures.kind'), key: 'kind', width: 130, render: (_, p) => kindLabel(p.kind) },
    { title: t('projectParts.procedures.status'), key: 'status', width: 100, render: (_, p) => pick(PROCEDURE_STATUS_LABELS[p.status], en) },
    { title: t('projectParts.procedures.unit'), dataIndex: 'responsibleUnit', render: (v: string) => (v === '' ? '—' : v) },
    { title: t('projectParts.procedures.appliedOn'), dataIndex: 'appliedOn', width: 110, render: (v: string | null) => v ?? '—' },
    { title: t('projectParts.procedures.approvedOn'), dataIndex: 'approvedOn', width: 110, render: (v: string | null) => v ?? '—' },
    { title: t('projectParts.procedures.limit'), dataIndex: 'limitWorkdays', width: 120, align: 'right', render: (v: number | null) => v ?? '—' },
    { title: t('projectParts.procedures.deadline'), key: 'deadline', width: 220, render: (_, p) => <ProcedureDeadline p={p} /> },
    ...(canWrite
      ? [{
        title: t('common.actions'),
        key: 'actions',
        width: 80,
        render: (_: unknown, p: Procedure) => (
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(p)} data-testid={`procedure-edit-${p.kind}`}>{t('common.edit')}</Button>
        ),
      }]
      : []),
  ];
  return (
    <Card
      title={t('projectParts.procedures.title')}
      size="small"
      extra={canWrite && query.data !== undefined && free.length > 0 && (
        <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="procedure-add">{t('projectParts.procedures.add')}</Button>
      )}
    >
      <QueryState query={query}>
        <Table<Procedure> rowKey="id" size="small" columns={columns} dataSource={items} pagination={false} scroll={{ x: 1000 }} data-testid="project-procedures" />
      </QueryState>
      {editing !== null && <ProcedureModal url={url} projectId={projectId} editing={editing} free={free} onClose={() => setEditing(null)} />}
    </Card>
  );
}

function ProcedureModal({ url, projectId, editing, free, onClose }: {
  url: string;
  projectId: string;
  editing: Procedure | 'new';
  free: Array<{ value: string; label: string }>;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const kindLabel = useReferenceLabel('procedure_kind');
  const [form] = Form.useForm<ProcedureValues>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (v: ProcedureValues) => {
      const common = {
        status: v.status,
        responsibleUnit: v.responsibleUnit ?? '',
        appliedOn: v.appliedOn ?? null,
        approvedOn: v.approvedOn ?? null,
        limitWorkdays: v.limitWorkdays ?? null,
        note: v.note ?? '',
      };
      if (editing === 'new') {
        return api<Procedure>('POST', url, { ...common, kind: v.kind ?? free[0]?.value ?? 'project_approval' } satisfies ProcedureCreateBody);
      }
      return api<Procedure>('PATCH', `/api/v1/procedures/${encodeURIComponent(editing.id)}`, { ...common, version: editing.version } satisfies ProcedurePatchBody);
    },
    onSuccess: async () => {
      void message.success(t('projectParts.procedures.done'));
      await qc.invalidateQueries({ queryKey: ['project', projectId, 'procedures'] });
      await qc.invalidateQueries({ queryKey: ['procedures'] });
      onClose();
    },
    onError: (err) => form.setFields(fieldErrorsOf(err, FIELDS)),
  });
  const initial: ProcedureValues = editing === 'new'
    ? { kind: free[0]?.value, status: 'not_started', responsibleUnit: '', appliedOn: null, approvedOn: null, limitWorkdays: null, note: '' }
    : {
      status: editing.status, responsibleUnit: editing.responsibleUnit, appliedOn: editing.appliedOn, approvedOn: editing.approvedOn,
      limitWorkdays: editing.limitWorkdays, note: editing.note,
    };
  const title = editing === 'new' ? t('projectParts.procedures.add') : `${t('projectParts.procedures.edit')}：${kindLabel(editing.kind)}`;
  return (
    <FormModal title={title} width={560} form={form} saving={save.isPending} error={save.error} submitTestId="procedure-submit" onClose={onClose}>
      <Form<ProcedureValues> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        {editing === 'new' && (
          <Form.Item name="kind" label={t('projectParts.procedures.kind')} rules={[{ required: true }]}>
            <Select options={free} data-testid="procedure-kind" />
          </Form.Item>
        )}
        <Form.Item name="status" label={t('projectParts.procedures.status')} rules={[{ required: true }]}>
          <Select options={PROCEDURE_STATUSES.map((s) => ({ value: s, label: pick(PROCEDURE_STATUS_LABELS[s], en) }))} data-testid="procedure-status" />
        </Form.Item>
        <Form.Item name="responsibleUnit" label={t('projectParts.procedures.unit')} rules={[{ max: 200 }]}>
          <Input maxLength={200} data-testid="procedure-unit" />
        </Form.Item>
        <Form.Item name="appliedOn" label={t('projectParts.procedures.appliedOn')}>
          <IsoDateInput testId="procedure-applied" />
        </Form.Item>
        <Form.Item name="approvedOn" label={t('projectParts.procedures.approvedOn')}>
          <IsoDateInput testId="procedure-approved" />
        </Form.Item>
        <Form.Item name="limitWorkdays" label={t('projectParts.procedures.limit')}>
          <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} data-testid="procedure-limit" />
        </Form.Item>
        <Form.Item name="note" label={t('projectParts.procedures.note')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="procedure-note" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
