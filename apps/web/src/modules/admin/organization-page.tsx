import { PlusOutlined } from '@ant-design/icons';
import { App, AutoComplete, Button, Form, Input, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import { ORG_KINDS, type OrgCreateBodySchema, type OrgPatchBodySchema, type OrganizationSchema, type UserSchema } from '@zhengqi/contracts/admin';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../../app/api-client';
import { ExportButton } from '../../app/export-button';
import { fieldErrorsOf } from '../../app/form-errors';
import { FormModal } from '../../app/form-modal';
import { exportListToExcel, fetchAll, usePagedList, type ExportColumn } from '../../app/list-kit';
import { ListSearch, PageHeader, PagedTable } from '../../app/list-page';
import { RegionSelect, useRegionName } from '../../app/region-select';
import { can } from '../../app/session';
import { AGENCY_TYPES } from './admin-messages';
import { OrganizationSelect } from './organization-select';

type Organization = z.infer<typeof OrganizationSchema>;
type User = z.infer<typeof UserSchema>;
type OrgKind = (typeof ORG_KINDS)[number];
type OrgFilters = { q?: string; kind?: OrgKind };

const ORG_FORM_FIELDS = ['name', 'nameEn', 'kind', 'agencyType', 'regionCode', 'parentId', 'uscc', 'leaderUserId'] as const;
type OrgFormValues = { name: string; nameEn?: string; kind: OrgKind; agencyType?: string; regionCode: string; parentId?: string | null; uscc?: string; leaderUserId?: string | null };

const blankToNull = (s: string | undefined | null): string | null => (s === undefined || s === null || s.trim() === '' ? null : s.trim());

/**
 * Every user in the caller's jurisdiction (GET /api/v1/users has no organization filter, so the
 * leader select filters them here). Under the 'users' key, so the users page's changes refresh it.
 */
function useAllUsers(enabled: boolean) {
  return useQuery({ queryKey: ['users', 'all'], queryFn: () => fetchAll<User>('/api/v1/users', {}), enabled, staleTime: 60_000 });
}

/** 单位负责人: a select of the organization's own users (a disabled user stays listed only while chosen). */
function LeaderSelect({ orgId, value, onChange }: { orgId: string; value?: string | null; onChange?: (v: string | null) => void }) {
  const { t } = useTranslation();
  const users = useAllUsers(true);
  const options = (users.data ?? [])
    .filter((u) => u.organizationId === orgId && (!u.disabled || u.id === value))
    .map((u) => ({ value: u.id, label: u.disabled ? t('admin.org.leaderDisabled', { name: `${u.displayName} (${u.username})` }) : `${u.displayName} (${u.username})` }));
  return (
    <Select
      allowClear
      showSearch={{ filterOption: (input, o) => String(o?.label ?? '').toLowerCase().includes(input.toLowerCase()) }}
      loading={users.isLoading}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      options={options}
      placeholder={t('admin.org.leaderPlaceholder')}
      data-testid="org-form-leader"
    />
  );
}

function OrgFormModal({ me, org, onClose }: { me: Me; org: Organization | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<OrgFormValues>();
  // A new organization has no users yet, so its leader is named once it has some.
  const canPickLeader = org !== null && can(me, 'user.read');
  const save = useMutation({
    mutationFn: (v: OrgFormValues) => {
      const body: z.input<typeof OrgCreateBodySchema> = {
        name: v.name.trim(), nameEn: blankToNull(v.nameEn), kind: v.kind, agencyType: blankToNull(v.agencyType), regionCode: v.regionCode,
        parentId: blankToNull(v.parentId), uscc: blankToNull(v.uscc),
      };
      if (org === null) {
        return api<Organization>('POST', '/api/v1/organizations', body);
      }
      // The leader is sent only when the form offers it (the user may read users); null clears it.
      const leader = canPickLeader ? { leaderUserId: v.leaderUserId ?? null } : {};
      const patch: z.input<typeof OrgPatchBodySchema> = { ...body, ...leader, version: org.version };
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
      : { name: org.name, nameEn: org.nameEn ?? '', kind: org.kind, agencyType: org.agencyType ?? '', regionCode: org.regionCode, parentId: org.parentId, uscc: org.uscc ?? '', leaderUserId: org.leaderUserId };
  return (
    <FormModal
      title={org === null ? t('admin.org.createTitle') : t('admin.org.editTitle', { name: org.name })}
      width={640}
      form={form}
      saving={save.isPending}
      error={save.error}
      submitTestId="org-form-submit"
      onClose={onClose}
    >
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
        {canPickLeader && (
          <Form.Item name="leaderUserId" label={t('admin.org.leader')} extra={t('admin.org.leaderHint')}>
            <LeaderSelect orgId={org.id} />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}

/** 组织机构 Organizations: search by name, filter by kind, create and edit (with org.write), export. */
export function OrganizationPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const regionName = useRegionName();
  const list = usePagedList<Organization, OrgFilters>('organizations', '/api/v1/organizations', {});
  const { filters, setFilters } = list;
  const [editing, setEditing] = useState<Organization | null | undefined>(undefined);
  const writable = can(me, 'org.write');
  // Leaders are named from the users list, which needs user.read; without it the column is left out.
  const readsUsers = can(me, 'user.read');
  const users = useAllUsers(readsUsers);
  const leaderName = (id: string | null): string | null => {
    if (id === null) {
      return null;
    }
    const u = users.data?.find((x) => x.id === id);
    return u === undefined ? id : `${u.displayName} (${u.username})`;
  };
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
  if (readsUsers) {
    columns.push({ title: t('admin.org.leader'), dataIndex: 'leaderUserId', key: 'leader', width: 200, render: (_, o) => <span data-testid={`org-leader-${o.id}`}>{leaderName(o.leaderUserId) ?? '—'}</span> });
  }
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
    ...(readsUsers ? [{ title: t('admin.org.leader'), value: (o: Organization) => leaderName(o.leaderUserId) }] : []),
  ];
  const doExport = () => exportListToExcel('/api/v1/organizations', filters, t('admin.org.exportFile'), exportColumns);

  return (
    <>
      <PageHeader title={t('admin.org.title')}>
        <ExportButton onExport={doExport} testId="org-export" />
        {writable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="org-create">
            {t('admin.org.create')}
          </Button>
        )}
      </PageHeader>
      <Space wrap style={{ marginBottom: 12 }}>
        <ListSearch placeholder={t('admin.org.searchPlaceholder')} width={300} testId="org-search" onSearch={(q) => setFilters({ ...filters, q })} />
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
      <PagedTable list={list} columns={columns} scrollX={readsUsers ? 1100 : 900} testId="org-table" />
      {editing !== undefined && <OrgFormModal me={me} org={editing} onClose={() => setEditing(undefined)} />}
    </>
  );
}
