import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, AutoComplete, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import { ORG_KINDS, type OrgCreateBodySchema, type OrgPatchBodySchema, type OrganizationSchema, type RegionListSchema } from '@zhengqi/contracts/admin';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api, qs } from '../../app/api-client';
import { errorText } from '../../app/i18n';
import { ErrorBanner, QueryState, exportRowsToExcel, fetchAll, usePagedList, type ExportColumn, type Page } from '../../app/list-kit';
import { can } from '../../app/session';
import { AGENCY_TYPES, fieldErrorsOf, todayShanghai } from './admin-messages';

type Organization = z.infer<typeof OrganizationSchema>;
type OrgKind = (typeof ORG_KINDS)[number];
type Region = z.infer<typeof RegionListSchema>['items'][number];
type OrgFilters = { q?: string; kind?: OrgKind };

/** Every region (GB/T 2260 and the functional zones); the list changes rarely, so it is fetched once. */
export function useRegions() {
  return useQuery({
    queryKey: ['regions'],
    queryFn: () => api<z.infer<typeof RegionListSchema>>('GET', '/api/v1/regions'),
    staleTime: Infinity,
  });
}

/** The display name of a region code in the current language (the code itself when unknown). */
export function useRegionName(): (code: string) => string {
  const { i18n } = useTranslation();
  const regions = useRegions();
  const en = i18n.language === 'en';
  const byCode = useMemo(() => new Map((regions.data?.items ?? []).map((r) => [r.code, r])), [regions.data]);
  return (code: string) => {
    const r = byCode.get(code);
    return r === undefined ? code : en ? r.nameEn : r.nameZh;
  };
}

// The jurisdiction is a region and everything under it; retired codes are not offered for new data.
function jurisdictionRegions(all: readonly Region[], root: string): Array<Region & { depth: number }> {
  const children = new Map<string, Region[]>();
  for (const r of all) {
    if (r.parentCode !== null) {
      children.set(r.parentCode, [...(children.get(r.parentCode) ?? []), r]);
    }
  }
  const out: Array<Region & { depth: number }> = [];
  const visit = (r: Region, depth: number) => {
    if (!r.retired) {
      out.push({ ...r, depth });
    }
    for (const c of children.get(r.code) ?? []) {
      visit(c, depth + 1);
    }
  };
  const top = all.find((r) => r.code === root);
  if (top !== undefined) {
    visit(top, 0);
  }
  return out;
}

type ValueProps<V> = { value?: V; onChange?: (v: V) => void; placeholder?: string; testId?: string; allowClear?: boolean; disabled?: boolean };

/** A region picker limited to the user's jurisdiction (for use inside a Form.Item). */
export function RegionSelect({ me, value, onChange, placeholder, testId, allowClear, disabled }: ValueProps<string> & { me: Me }) {
  const { i18n } = useTranslation();
  const regions = useRegions();
  const en = i18n.language === 'en';
  const options = useMemo(
    () => jurisdictionRegions(regions.data?.items ?? [], me.jurisdiction.code).map((r) => ({
      value: r.code,
      label: `${'\u3000'.repeat(r.depth)}${en ? r.nameEn : r.nameZh}${r.kind === 'zone' ? '' : ` (${r.code})`}`,
    })),
    [regions.data, me.jurisdiction.code, en],
  );
  return (
    <Select
      value={value}
      onChange={(v: string) => onChange?.(v)}
      options={options}
      loading={regions.isLoading}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={placeholder}
      allowClear={allowClear}
      disabled={disabled}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}

/** An organization picker that searches the server by name; `current` keeps the chosen one labelled before it is searched. */
export function OrganizationSelect({ value, onChange, placeholder, testId, allowClear, disabled, current, exclude }: ValueProps<string | null> & { current?: { id: string; name: string } | null; exclude?: string }) {
  const { i18n } = useTranslation();
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setSearch(typed.trim()), 300);
    return () => clearTimeout(h);
  }, [typed]);
  const found = useQuery({
    queryKey: ['org-options', search],
    queryFn: () => api<Page<Organization>>('GET', `/api/v1/organizations${qs({ q: search, page: 1, pageSize: 50 })}`),
    staleTime: 30_000,
  });
  const en = i18n.language === 'en';
  const options = (found.data?.items ?? []).filter((o) => o.id !== exclude).map((o) => ({ value: o.id, label: en ? (o.nameEn ?? o.name) : o.name }));
  if (current !== undefined && current !== null && !options.some((o) => o.value === current.id)) {
    options.unshift({ value: current.id, label: current.name });
  }
  return (
    <Select
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      options={options}
      loading={found.isFetching}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      placeholder={placeholder}
      allowClear={allowClear}
      disabled={disabled}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}

/** An export button: fetches and writes the file, shows a spinner meanwhile and an error message on failure. */
export function ExportButton({ onExport, testId }: { onExport: () => Promise<void>; testId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await onExport();
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run()} data-testid={testId}>
      {t('common.export')}
    </Button>
  );
}

const ORG_FORM_FIELDS = ['name', 'nameEn', 'kind', 'agencyType', 'regionCode', 'parentId', 'uscc'] as const;
type OrgFormValues = { name: string; nameEn?: string; kind: OrgKind; agencyType?: string; regionCode: string; parentId?: string | null; uscc?: string };

const blankToNull = (s: string | undefined | null): string | null => (s === undefined || s === null || s.trim() === '' ? null : s.trim());

function OrgFormModal({ me, org, onClose }: { me: Me; org: Organization | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<OrgFormValues>();
  const save = useMutation({
    mutationFn: (v: OrgFormValues) => {
      const body: z.input<typeof OrgCreateBodySchema> = {
        name: v.name.trim(), nameEn: blankToNull(v.nameEn), kind: v.kind, agencyType: blankToNull(v.agencyType), regionCode: v.regionCode,
        parentId: blankToNull(v.parentId), uscc: blankToNull(v.uscc),
      };
      if (org === null) {
        return api<Organization>('POST', '/api/v1/organizations', body);
      }
      const patch: z.input<typeof OrgPatchBodySchema> = { ...body, version: org.version };
      return api<Organization>('PATCH', `/api/v1/organizations/${org.id}`, patch);
    },
    onSuccess: async (saved) => {
      void message.success(t('admin.org.saved', { name: saved.name }));
      await qc.invalidateQueries({ queryKey: ['organizations'] });
      await qc.invalidateQueries({ queryKey: ['org-options'] });
      onClose();
    },
    onError: (err) => form.setFields(fieldErrorsOf(err, ORG_FORM_FIELDS)),
  });
  const initial: Partial<OrgFormValues> =
    org === null
      ? { kind: 'agency', regionCode: me.jurisdiction.code }
      : { name: org.name, nameEn: org.nameEn ?? '', kind: org.kind, agencyType: org.agencyType ?? '', regionCode: org.regionCode, parentId: org.parentId, uscc: org.uscc ?? '' };
  return (
    <Modal
      open
      title={org === null ? t('admin.org.createTitle') : t('admin.org.editTitle', { name: org.name })}
      onCancel={onClose}
      width={640}
      footer={[
        <Button key="cancel" onClick={onClose}>{t('common.cancel')}</Button>,
        <Button key="save" type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="org-form-submit">{t('common.save')}</Button>,
      ]}
    >
      <ErrorBanner error={save.error} />
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} requiredMark>
        <Form.Item name="name" label={t('admin.org.name')} rules={[{ required: true, min: 2, max: 200 }]}>
          <Input maxLength={200} data-testid="org-form-name" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('admin.org.nameEn')} rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', columnGap: 16 }}>
          <Form.Item name="kind" label={t('admin.org.kind')} rules={[{ required: true }]}>
            <Select options={ORG_KINDS.map((k) => ({ value: k, label: t(`admin.orgKind.${k}`) }))} data-testid="org-form-kind" />
          </Form.Item>
          <Form.Item name="agencyType" label={t('admin.org.agencyType')} rules={[{ max: 50 }]}>
            <AutoComplete
              options={AGENCY_TYPES.map((a) => ({ value: a, label: `${t(`admin.agencyTypes.${a}`)} (${a})` }))}
              placeholder={t('admin.org.agencyTypeHint')}
              maxLength={50}
              showSearch={{ filterOption: (input, o) => String(o?.label ?? '').toLowerCase().includes(input.toLowerCase()) }}
            />
          </Form.Item>
        </div>
        <Form.Item name="regionCode" label={t('admin.org.region')} rules={[{ required: true }]}>
          <RegionSelect me={me} testId="org-form-region" />
        </Form.Item>
        <Form.Item name="parentId" label={t('admin.org.parent')}>
          <OrganizationSelect allowClear exclude={org?.id} />
        </Form.Item>
        <Form.Item name="uscc" label={t('admin.org.uscc')} rules={[{ max: 18 }]}>
          <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 组织机构 Organizations: search by name, filter by kind, create and edit (with org.write), export. */
export function OrganizationPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const regionName = useRegionName();
  const { query, filters, setFilters, pagination } = usePagedList<Organization, OrgFilters>('organizations', '/api/v1/organizations', {});
  const [typed, setTyped] = useState('');
  const [editing, setEditing] = useState<Organization | null | undefined>(undefined);
  const writable = can(me, 'org.write');
  const kindLabel = (k: OrgKind) => t(`admin.orgKind.${k}`);
  const agencyLabel = (a: string | null) => (a === null || a === '' ? '—' : t(`admin.agencyTypes.${a}`, { defaultValue: a }));

  const columns: TableColumnsType<Organization> = [
    {
      title: t('admin.org.name'), dataIndex: 'name', key: 'name',
      render: (_, o) => {
        const other = en ? o.name : o.nameEn;
        return (
          <>
            <div>{en ? (o.nameEn ?? o.name) : o.name}</div>
            {other !== null && other !== '' && other !== (en ? (o.nameEn ?? o.name) : o.name) && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{other}</Typography.Text>
            )}
          </>
        );
      },
    },
    { title: t('admin.org.kind'), dataIndex: 'kind', key: 'kind', width: 140, render: (_, o) => <Tag>{kindLabel(o.kind)}</Tag> },
    { title: t('admin.org.agencyType'), dataIndex: 'agencyType', key: 'agencyType', width: 140, render: (_, o) => agencyLabel(o.agencyType) },
    { title: t('admin.org.region'), dataIndex: 'regionCode', key: 'regionCode', width: 160, render: (_, o) => regionName(o.regionCode) },
    { title: t('admin.org.uscc'), dataIndex: 'uscc', key: 'uscc', width: 190, render: (_, o) => <span style={{ fontFamily: 'monospace' }}>{o.uscc ?? '—'}</span> },
  ];
  if (writable) {
    columns.push({
      title: t('common.actions'), key: 'actions', width: 90, fixed: 'right',
      render: (_, o) => (
        <Button size="small" type="link" onClick={() => setEditing(o)} data-testid={`org-edit-${o.id}`}>
          {t('common.edit')}
        </Button>
      ),
    });
  }

  const exportColumns: ReadonlyArray<ExportColumn<Organization>> = [
    { title: t('admin.org.name'), value: (o) => o.name },
    { title: t('admin.org.nameEn'), value: (o) => o.nameEn },
    { title: t('admin.org.kind'), value: (o) => kindLabel(o.kind) },
    { title: t('admin.org.agencyType'), value: (o) => (o.agencyType === null ? null : agencyLabel(o.agencyType)) },
    { title: t('admin.org.region'), value: (o) => `${regionName(o.regionCode)} (${o.regionCode})` },
    { title: t('admin.org.uscc'), value: (o) => o.uscc },
  ];
  const doExport = async () => {
    const rows = await fetchAll<Organization>('/api/v1/organizations', filters);
    await exportRowsToExcel(`${t('admin.org.exportFile')}-${todayShanghai()}.xlsx`, exportColumns, rows);
  };

  return (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', alignItems: 'center', gap: 8, marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('admin.org.title')}</Typography.Title>
        <Space wrap>
          <ExportButton onExport={doExport} testId="org-export" />
          {writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="org-create">
              {t('admin.org.create')}
            </Button>
          )}
        </Space>
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onSearch={(v) => setFilters({ ...filters, q: v.trim() === '' ? undefined : v.trim() })}
          placeholder={t('admin.org.searchPlaceholder')}
          enterButton={t('common.search')}
          style={{ width: 300 }}
          data-testid="org-search"
        />
        <Select
          allowClear
          value={filters.kind}
          onChange={(k: OrgKind | undefined) => setFilters({ ...filters, kind: k })}
          placeholder={t('admin.org.kindFilter')}
          options={ORG_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
          style={{ width: 180 }}
          data-testid="org-kind-filter"
        />
      </Space>
      <QueryState query={query} isEmpty={query.data?.items.length === 0}>
        <Table<Organization>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={query.data?.items ?? []}
          loading={query.isFetching}
          pagination={{ ...pagination, showTotal: (total) => t('common.total', { total }) }}
          scroll={{ x: 900 }}
          data-testid="org-table"
        />
      </QueryState>
      {editing !== undefined && <OrgFormModal me={me} org={editing} onClose={() => setEditing(undefined)} />}
    </>
  );
}
