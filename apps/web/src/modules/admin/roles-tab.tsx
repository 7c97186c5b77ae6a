import { LockOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, Input, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import type { RoleListSchema, RoleSchema, RoleUpsertBodySchema } from '@zhengqi/contracts/admin';
import { PERMISSIONS, SOD_CONFLICTS, type Permission } from '@zhengqi/contracts/permissions';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../../app/api-client';
import { ExportButton } from '../../app/export-button';
import { fieldErrorsOf } from '../../app/form-errors';
import { FormModal } from '../../app/form-modal';
import { QueryState, datedXlsxName, exportRowsToExcel, type ExportColumn } from '../../app/list-kit';
import { ListSearch, SearchToolbar } from '../../app/list-page';
import { can } from '../../app/session';

/** A role as the server returns it. */
export type Role = z.infer<typeof RoleSchema>;

/** Every role (the list is small and unpaged); the users tab names roles and offers them from it too. */
export function useRoles() {
  return useQuery({ queryKey: ['roles'], queryFn: () => api<z.infer<typeof RoleListSchema>>('GET', '/api/v1/roles') });
}

/** Whether permissions combine rights that separation of duties keeps apart; warns before the server refuses (the pairs are shared data from the contracts). */
export function breaksSeparationOfDuties(perms: Iterable<string>): boolean {
  const set = new Set(perms);
  return SOD_CONFLICTS.some(([a, b]) => set.has(a) && set.has(b));
}

const ROLE_FIELDS = ['code', 'nameZh', 'nameEn', 'permissions'] as const;
type RoleFormValues = { code: string; nameZh: string; nameEn: string; permissions: Permission[] };
// Audit rights stay with the built-in auditor role; the server refuses them in a custom role.
const grantable = (p: Permission) => !p.startsWith('audit.');

function RoleFormModal({ role, onClose }: { role: Role | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<RoleFormValues>();
  const chosen = Form.useWatch('permissions', form);
  const save = useMutation({
    mutationFn: (v: RoleFormValues) => {
      const body: Omit<z.input<typeof RoleUpsertBodySchema>, 'code'> = { nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim(), permissions: v.permissions };
      return api<Role>('PUT', `/api/v1/roles/${encodeURIComponent(v.code.trim())}`, body);
    },
    onSuccess: async (saved) => {
      void message.success(t('admin.roles.saved', { name: saved.nameZh }));
      await qc.invalidateQueries({ queryKey: ['roles'] });
      onClose();
    },
    onError: (err) => form.setFields(fieldErrorsOf(err, ROLE_FIELDS)),
  });
  const initial: Partial<RoleFormValues> = role === null ? { permissions: [] } : { code: role.code, nameZh: role.nameZh, nameEn: role.nameEn, permissions: role.permissions };
  return (
    <FormModal
      title={role === null ? t('admin.roles.createTitle') : t('admin.roles.editTitle', { name: role.nameZh })}
      width={720}
      form={form}
      saving={save.isPending}
      error={save.error}
      submitTestId="role-form-submit"
      onClose={onClose}
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="code"
          label={t('admin.roles.code')}
          extra={role === null ? t('admin.roles.codeRule') : undefined}
          rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{2,40}$/, message: t('admin.roles.codeRule') }]}
        >
          <Input disabled={role !== null} maxLength={41} style={{ fontFamily: 'monospace' }} data-testid="role-form-code" />
        </Form.Item>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', columnGap: 16 }}>
          <Form.Item name="nameZh" label={t('admin.roles.nameZh')} rules={[{ required: true, whitespace: true, min: 2, max: 50 }]}>
            <Input maxLength={50} data-testid="role-form-name-zh" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('admin.roles.nameEn')} rules={[{ required: true, whitespace: true, min: 2, max: 80 }]}>
            <Input maxLength={80} data-testid="role-form-name-en" />
          </Form.Item>
        </div>
        <Form.Item
          name="permissions"
          label={t('admin.roles.permissions')}
          extra={t('admin.roles.auditOnlyBuiltin')}
          rules={[{ required: true, type: 'array', min: 1, message: t('admin.roles.permissionsRequired') }]}
        >
          <Checkbox.Group style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: 4 }} data-testid="role-form-permissions">
            {PERMISSIONS.map((p) => (
              <Checkbox key={p} value={p} disabled={!grantable(p)} data-testid={`role-permission-${p}`}>
                {t(`admin.permission.${p}`)} <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>{p}</Typography.Text>
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        {breaksSeparationOfDuties(chosen ?? []) && <Alert type="error" showIcon title={t('admin.roles.sodWarning')} />}
      </Form>
    </FormModal>
  );
}

/** The roles tab: built-in and custom roles with their permissions; custom ones are created and edited here. */
export function RolesTab({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const roles = useRoles();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Role | null | undefined>(undefined);
  const manage = can(me, 'role.manage');
  // The role list is small and unpaged on the server, so search and paging happen here.
  const term = search.trim().toLowerCase();
  const rows = (roles.data?.items ?? []).filter((r) => term === '' || [r.code, r.nameZh, r.nameEn].some((s) => s.toLowerCase().includes(term)));

  const columns: TableColumnsType<Role> = [
    { title: t('admin.roles.code'), dataIndex: 'code', key: 'code', width: 200, render: (_, r) => <span style={{ fontFamily: 'monospace' }}>{r.code}</span> },
    {
      title: t('admin.roles.name'), key: 'name', width: 200,
      render: (_, r) => (
        <>
          <div>{en ? r.nameEn : r.nameZh}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{en ? r.nameZh : r.nameEn}</Typography.Text>
        </>
      ),
    },
    {
      title: t('admin.roles.kind'), key: 'builtin', width: 90,
      render: (_, r) => (r.builtin ? <Tooltip title={t('admin.roles.builtinReadonly')}><Tag color="blue">{t('admin.roles.builtin')}</Tag></Tooltip> : <Tag>{t('admin.roles.custom')}</Tag>),
    },
    {
      title: t('admin.roles.permissions'), dataIndex: 'permissions', key: 'permissions',
      render: (_, r) => (
        <Space size={4} wrap>
          {r.permissions.map((p) => (
            <Tooltip key={p} title={p}>
              <Tag color={p.startsWith('audit.') ? 'purple' : p.startsWith('user.') || p.startsWith('role.') ? 'volcano' : undefined}>{t(`admin.permission.${p}`)}</Tag>
            </Tooltip>
          ))}
        </Space>
      ),
    },
  ];
  if (manage) {
    columns.push({
      title: t('common.actions'), key: 'actions', width: 90, fixed: 'right',
      render: (_, r) =>
        r.builtin ? (
          <Tooltip title={t('admin.roles.builtinReadonly')}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}><LockOutlined /> {t('admin.roles.readonly')}</Typography.Text>
          </Tooltip>
        ) : (
          <Button size="small" type="link" onClick={() => setEditing(r)} data-testid={`role-edit-${r.code}`}>{t('common.edit')}</Button>
        ),
    });
  }

  const exportColumns: ReadonlyArray<ExportColumn<Role>> = [
    { title: t('admin.roles.code'), value: (r) => r.code },
    { title: t('admin.roles.nameZh'), value: (r) => r.nameZh },
    { title: t('admin.roles.nameEn'), value: (r) => r.nameEn },
    { title: t('admin.roles.kind'), value: (r) => t(r.builtin ? 'admin.roles.builtin' : 'admin.roles.custom') },
    { title: t('admin.roles.permissions'), value: (r) => r.permissions.map((p) => `${t(`admin.permission.${p}`)} (${p})`).join('、') },
  ];
  const doExport = () => exportRowsToExcel(datedXlsxName(t('admin.roles.exportFile')), exportColumns, rows);

  return (
    <>
      <SearchToolbar search={<ListSearch placeholder={t('admin.roles.searchPlaceholder')} width={300} testId="role-search" onSearch={(q) => setSearch(q ?? '')} />}>
        <ExportButton onExport={doExport} testId="role-export" />
        {manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="role-create">
            {t('admin.roles.create')}
          </Button>
        )}
      </SearchToolbar>
      <QueryState query={roles} isEmpty={rows.length === 0}>
        <Table<Role>
          rowKey="code"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={roles.isFetching}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100], showTotal: (total) => t('common.total', { total }) }}
          scroll={{ x: 900 }}
          data-testid="role-table"
        />
      </QueryState>
      {editing !== undefined && <RoleFormModal role={editing} onClose={() => setEditing(undefined)} />}
    </>
  );
}

