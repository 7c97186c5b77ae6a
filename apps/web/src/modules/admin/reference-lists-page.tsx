import './reference-lists-messages';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Switch, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import { PROBLEM_SEVERITIES, PROBLEM_SEVERITY_LABELS } from '@zhengqi/contracts/problems';
import {
  REFERENCE_LISTS, REFERENCE_LIST_LABELS, ReferenceCodeSchema, type DeadlineDays, type ReferenceItem, type ReferenceItemPutBody, type ReferenceList,
} from '@zhengqi/contracts/reference-lists';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError, api } from '../../app/api-client';
import { fieldErrorsOf } from '../../app/form-errors';
import { FormModal } from '../../app/form-modal';
import { errorText } from '../../app/i18n';
import { QueryState } from '../../app/list-kit';
import { PageHeader } from '../../app/list-page';
import { useReferenceData } from '../../app/reference-lists';

const REFERENCE_QUERY_KEY = ['reference-lists'] as const;
const ITEM_FIELDS = ['code', 'nameZh', 'nameEn', 'sort'] as const;
type ItemFormValues = { code: string; nameZh: string; nameEn: string; sort: number; active: boolean };

const isConflict = (err: unknown): boolean => err instanceof ApiError && err.problem.code === 'VERSION_CONFLICT';

function putItem(list: ReferenceList, code: string, body: ReferenceItemPutBody): Promise<ReferenceItem> {
  return api<ReferenceItem>('PUT', `/api/v1/reference-lists/${list}/items/${encodeURIComponent(code)}`, body);
}

/** The label of a list or severity in the UI language. */
function useLabel() {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (l: { zh: string; en: string }) => (en ? l.en : l.zh);
}

/**
 * Adds an item (`item` null) or changes one with its version. When someone else changed the item
 * first, the dialog says so and offers to load the latest values instead of overwriting them.
 */
function ItemFormModal({ list, item, items, onClose }: { list: ReferenceList; item: ReferenceItem | null; items: readonly ReferenceItem[]; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const reference = useReferenceData();
  const [form] = Form.useForm<ItemFormValues>();
  // The version this edit is based on: the opened item's, or the latest one after a conflict reload.
  const [base, setBase] = useState<ReferenceItem | null>(item);
  const save = useMutation({
    mutationFn: (v: ItemFormValues) => {
      const code = base === null ? v.code.trim() : base.code;
      const body: ReferenceItemPutBody = { nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim(), sort: v.sort, active: v.active, ...(base === null ? {} : { version: base.version }) };
      return putItem(list, code, body);
    },
    onSuccess: async (saved) => {
      void message.success(t(base === null ? 'referenceLists.added' : 'referenceLists.saved', { name: label({ zh: saved.nameZh, en: saved.nameEn }) }));
      await qc.invalidateQueries({ queryKey: REFERENCE_QUERY_KEY });
      onClose();
    },
    onError: async (err) => {
      if (isConflict(err)) {
        // Fetch the item as it is now, so the dialog can say which version won and offer it.
        await qc.invalidateQueries({ queryKey: REFERENCE_QUERY_KEY });
        return;
      }
      form.setFields(fieldErrorsOf(err, ITEM_FIELDS));
    },
  });
  const conflict = isConflict(save.error);
  const latest = base === null ? undefined : reference.data?.lists[list].find((i) => i.code === base.code);
  const loadLatest = () => {
    if (latest === undefined) {
      return;
    }
    setBase(latest);
    form.setFieldsValue({ nameZh: latest.nameZh, nameEn: latest.nameEn, sort: latest.sort, active: latest.active });
    save.reset();
  };
  const nextSort = items.reduce((m, i) => Math.max(m, i.sort), 0) + 10;
  const initial: ItemFormValues =
    item === null
      ? { code: '', nameZh: '', nameEn: '', sort: Math.min(nextSort, 10_000), active: true }
      : { code: item.code, nameZh: item.nameZh, nameEn: item.nameEn, sort: item.sort, active: item.active };
  return (
    <FormModal
      title={item === null ? t('referenceLists.addTitle', { list: label(REFERENCE_LIST_LABELS[list]) }) : t('referenceLists.editTitle', { name: label({ zh: item.nameZh, en: item.nameEn }) })}
      width={560}
      form={form}
      saving={save.isPending}
      error={conflict ? null : save.error}
      submitTestId="reference-form-submit"
      onClose={onClose}
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          title={t('referenceLists.conflictTitle')}
          description={latest === undefined ? t('referenceLists.conflictGone') : t('referenceLists.conflictBody', { version: latest.version })}
          action={
            <Button size="small" onClick={loadLatest} disabled={latest === undefined || latest.version === base?.version} data-testid="reference-conflict-reload">
              {t('referenceLists.conflictReload')}
            </Button>
          }
          style={{ marginBottom: 12 }}
          data-testid="reference-conflict"
        />
      )}
      <Form<ItemFormValues> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="code"
          label={t('referenceLists.code')}
          extra={item === null ? t('referenceLists.codeRule') : undefined}
          rules={
            item === null
              ? [
                  { required: true, message: t('referenceLists.codeRule') },
                  {
                    // The contract's own schema, so the page and the server accept the same codes.
                    validator: async (_, v: string | undefined) => {
                      const code = (v ?? '').trim();
                      if (code !== '' && !ReferenceCodeSchema.safeParse(code).success) {
                        throw new Error(t('referenceLists.codeRule'));
                      }
                      if (items.some((i) => i.code === code)) {
                        throw new Error(t('referenceLists.codeTaken', { code }));
                      }
                    },
                  },
                ]
              : []
          }
        >
          <Input disabled={item !== null} maxLength={40} style={{ fontFamily: 'monospace' }} data-testid="reference-form-code" />
        </Form.Item>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', columnGap: 16 }}>
          <Form.Item name="nameZh" label={t('referenceLists.nameZh')} rules={[{ required: true, whitespace: true, max: 40 }]}>
            <Input maxLength={40} data-testid="reference-form-name-zh" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('referenceLists.nameEn')} rules={[{ required: true, whitespace: true, max: 40 }]}>
            <Input maxLength={40} data-testid="reference-form-name-en" />
          </Form.Item>
          <Form.Item name="sort" label={t('referenceLists.sort')} extra={t('referenceLists.sortHint')} rules={[{ required: true, type: 'integer', min: 0, max: 10_000 }]}>
            <InputNumber min={0} max={10_000} precision={0} style={{ width: '100%' }} data-testid="reference-form-sort" />
          </Form.Item>
          <Form.Item name="active" label={t('referenceLists.active')} valuePropName="checked">
            <Switch data-testid="reference-form-active" />
          </Form.Item>
        </div>
      </Form>
    </FormModal>
  );
}

/** One list's items: order, names, the active switch (a change with the item's version) and edit. */
function ListTab({ list, items }: { list: ReferenceList; items: readonly ReferenceItem[] }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<ReferenceItem | null | undefined>(undefined);
  const toggle = useMutation({
    mutationFn: ({ item, active }: { item: ReferenceItem; active: boolean }) =>
      putItem(list, item.code, { nameZh: item.nameZh, nameEn: item.nameEn, sort: item.sort, active, version: item.version }),
    onSuccess: (saved) => {
      void message.success(t(saved.active ? 'referenceLists.activated' : 'referenceLists.deactivated', { name: label({ zh: saved.nameZh, en: saved.nameEn }) }));
    },
    onError: (err) => {
      void message.error(isConflict(err) ? `${t('referenceLists.conflictTitle')}: ${errorText(err)}` : errorText(err));
    },
    // Right or wrong, the table shows the server's list afterwards (a conflict brings the other change in).
    onSettled: () => qc.invalidateQueries({ queryKey: REFERENCE_QUERY_KEY }),
  });
  const columns: TableColumnsType<ReferenceItem> = [
    { title: t('referenceLists.code'), dataIndex: 'code', key: 'code', width: 200, render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
    { title: t('referenceLists.nameZh'), dataIndex: 'nameZh', key: 'nameZh' },
    { title: t('referenceLists.nameEn'), dataIndex: 'nameEn', key: 'nameEn' },
    { title: t('referenceLists.sort'), dataIndex: 'sort', key: 'sort', width: 90, align: 'right' },
    {
      title: t('referenceLists.active'), key: 'active', width: 90,
      render: (_, i) => (
        <Switch
          size="small"
          checked={i.active}
          loading={toggle.isPending && toggle.variables.item.code === i.code}
          disabled={toggle.isPending}
          onChange={(active) => toggle.mutate({ item: i, active })}
          aria-label={`${t('referenceLists.active')} ${i.code}`}
          data-testid={`reference-active-${list}-${i.code}`}
        />
      ),
    },
    {
      title: t('referenceLists.status'), key: 'builtin', width: 100,
      render: (_, i) => (i.builtin ? <Tag color="blue">{t('referenceLists.builtin')}</Tag> : <Tag>{t('referenceLists.custom')}</Tag>),
    },
    {
      title: t('common.actions'), key: 'actions', width: 90,
      render: (_, i) => (
        <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(i)} data-testid={`reference-edit-${list}-${i.code}`}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid={`reference-add-${list}`}>
          {t('referenceLists.add')}
        </Button>
      </div>
      <Table<ReferenceItem>
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={[...items]}
        pagination={false}
        scroll={{ x: 800 }}
        onRow={(i) => ({ style: i.active ? undefined : { color: 'rgba(0, 0, 0, 0.45)' } })}
        data-testid={`reference-table-${list}`}
      />
      {editing !== undefined && <ItemFormModal list={list} item={editing} items={items} onClose={() => setEditing(undefined)} />}
    </>
  );
}

/** The problem deadline in working days for each severity (一般/较大/重大). */
function DeadlineDaysCard({ days }: { days: DeadlineDays }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<DeadlineDays>();
  // The form follows the server's values when they change (after a save here or elsewhere).
  useEffect(() => form.setFieldsValue(days), [form, days]);
  const save = useMutation({
    mutationFn: (v: DeadlineDays) => api<DeadlineDays>('PUT', '/api/v1/reference-lists/problem-deadline-days', v),
    onSuccess: async () => {
      void message.success(t('referenceLists.deadlines.saved'));
      await qc.invalidateQueries({ queryKey: REFERENCE_QUERY_KEY });
    },
    onError: (err) => form.setFields(fieldErrorsOf(err, PROBLEM_SEVERITIES)),
  });
  return (
    <Card size="small" title={t('referenceLists.deadlines.title')} style={{ marginTop: 16 }} data-testid="deadline-days-card">
      <Typography.Paragraph type="secondary">{t('referenceLists.deadlines.hint')}</Typography.Paragraph>
      {save.error !== null && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} />}
      <Form<DeadlineDays> form={form} layout="inline" initialValues={days} onFinish={(v) => save.mutate(v)}>
        {PROBLEM_SEVERITIES.map((s) => (
          <Form.Item key={s} name={s} label={label(PROBLEM_SEVERITY_LABELS[s])} rules={[{ required: true, type: 'integer', min: 1, max: 60 }]}>
            <InputNumber min={1} max={60} precision={0} suffix={t('referenceLists.deadlines.unit')} style={{ width: 150 }} data-testid={`deadline-days-${s}`} />
          </Form.Item>
        ))}
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="deadline-days-submit">
            {t('referenceLists.deadlines.save')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

/** 可配置列表 Configurable lists (administrator): one tab per list, and the problem deadlines by severity. */
export function ReferenceListsPage(_props: { me: Me }) {
  const { t } = useTranslation();
  const label = useLabel();
  const query = useReferenceData();
  const [params, setParams] = useSearchParams();
  // The open list is in the address (?list=procedure_kind), so a reload or a shared link keeps it.
  const asked = params.get('list');
  const list: ReferenceList = REFERENCE_LISTS.find((l) => l === asked) ?? 'project_sector';
  return (
    <>
      <PageHeader title={t('referenceLists.title')} />
      <Typography.Paragraph type="secondary">{t('referenceLists.intro')}</Typography.Paragraph>
      <QueryState query={query}>
        {query.data !== undefined && (
          <>
            <Tabs
              activeKey={list}
              onChange={(k) => setParams(k === 'project_sector' ? {} : { list: k }, { replace: true })}
              items={REFERENCE_LISTS.map((l) => ({
                key: l,
                label: <span data-testid={`reference-tab-${l}`}>{label(REFERENCE_LIST_LABELS[l])}</span>,
                children: <ListTab list={l} items={query.data.lists[l]} />,
              }))}
            />
            <DeadlineDaysCard days={query.data.problemDeadlineDays} />
          </>
        )}
      </QueryState>
    </>
  );
}
