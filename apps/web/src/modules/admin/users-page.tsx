import { KeyOutlined, LockOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import type {
  PasswordResetBodySchema, RoleListSchema, RoleSchema, RoleUpsertBodySchema, UserCreateBodySchema, UserPatchBodySchema, UserSchema,
} from '@zhengqi/contracts/admin';
import { PERMISSIONS, SOD_CONFLICTS, type Permission } from '@zhengqi/contracts/permissions';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import { api } from '../../app/api-client';
import { errorText } from '../../app/i18n';
import { ErrorBanner, QueryState, exportRowsToExcel, fetchAll, usePagedList, type ExportColumn } from '../../app/list-kit';
import { can } from '../../app/session';
import { fieldErrorsOf, formatShanghai, todayShanghai } from './admin-messages';
import { ExportButton, OrganizationSelect, RegionSelect, useRegionName } from './organization-page';

type User = z.infer<typeof UserSchema>;
type Role = z.infer<typeof RoleSchema>;
type UserFilters = { q?: string };

function useRoles() {
  return useQuery({ queryKey: ['roles'], queryFn: () => api<z.infer<typeof RoleListSchema>>('GET', '/api/v1/roles') });
}

// Warns before the server refuses: the conflicting pairs are shared data from the contracts.
function breaksSeparationOfDuties(perms: Iterable<string>): boolean {
  const set = new Set(perms);
  return SOD_CONFLICTS.some(([a, b]) => set.has(a) && set.has(b));
}

function useRoleName(roles: readonly Role[] | undefined): (code: string) => string {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  const byCode = useMemo(() => new Map((roles ?? []).map((r) => [r.code, r])), [roles]);
  return (code) => {
    const r = byCode.get(code);
    return r === undefined ? code : en ? r.nameEn : r.nameZh;
  };
}

const Header = ({ title, children }: { title: string; children?: React.ReactNode }) => (
  <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', alignItems: 'center', gap: 8, marginBottom: 12 }}>
    {title === '' ? <span /> : <Typography.Title level={4} style={{ margin: 0 }}>{title}</Typography.Title>}
    <Space wrap>{children}</Space>
  </div>
);

// ---------------------------------------------------------------- users

const USER_FIELDS = ['username', 'displayName', 'organizationId', 'jurisdictionCode', 'roles', 'password'] as const;
type UserFormValues = { username: string; displayName: string; organizationId: string; jurisdictionCode: string; roles: string[]; password: string };

function UserFormModal({ me, user, roles, onClose }: { me: Me; user: User | null; roles: readonly Role[]; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<UserFormValues>();
  const chosen = Form.useWatch('roles', form);
  const sod = useMemo(() => breaksSeparationOfDuties(roles.filter((r) => (chosen ?? []).includes(r.code)).flatMap((r) => r.permissions)), [roles, chosen]);

  const save = useMutation({
    mutationFn: async (v: UserFormValues): Promise<User | null> => {
      if (user === null) {
        const body: z.input<typeof UserCreateBodySchema> = {
          username: v.username.trim(), displayName: v.displayName.trim(), organizationId: v.organizationId, jurisdictionCode: v.jurisdictionCode, roles: v.roles, password: v.password,
        };
        return api<User>('POST', '/api/v1/users', body);
      }
      // Only changed fields are sent: the server ends the user's sessions whenever roles or jurisdiction are in the patch.
      const sameRoles = [...v.roles].sort().join(',') === [...user.roles].sort().join(',');
      const patch: z.input<typeof UserPatchBodySchema> = {
        version: user.version,
        ...(v.displayName.trim() === user.displayName ? {} : { displayName: v.displayName.trim() }),
        ...(v.organizationId === user.organizationId ? {} : { organizationId: v.organizationId }),
        ...(v.jurisdictionCode === user.jurisdictionCode ? {} : { jurisdictionCode: v.jurisdictionCode }),
        ...(sameRoles ? {} : { roles: v.roles }),
      };
      if (Object.keys(patch).length === 1) {
        return null;
      }
      return api<User>('PATCH', `/api/v1/users/${user.id}`, patch);
    },
    onSuccess: async (saved) => {
      if (saved !== null) {
        void message.success(t('admin.users.saved', { name: saved.displayName }));
        await qc.invalidateQueries({ queryKey: ['users'] });
      }
      onClose();
    },
    onError: (err) => form.setFields(fieldErrorsOf(err, USER_FIELDS)),
  });

  const initial: Partial<UserFormValues> =
    user === null
      ? { organizationId: me.organization.id, jurisdictionCode: me.jurisdiction.code, roles: [] }
      : { username: user.username, displayName: user.displayName, organizationId: user.organizationId, jurisdictionCode: user.jurisdictionCode, roles: user.roles };
  const currentOrg = user === null ? { id: me.organization.id, name: en ? (me.organization.nameEn ?? me.organization.name) : me.organization.name } : { id: user.organizationId, name: user.organizationName };

  return (
    <Modal
      open
      title={user === null ? t('admin.users.createTitle') : t('admin.users.editTitle', { name: user.displayName })}
      onCancel={onClose}
      width={640}
      footer={[
        <Button key="cancel" onClick={onClose}>{t('common.cancel')}</Button>,
        <Button key="save" type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="user-form-submit">{t('common.save')}</Button>,
      ]}
    >
      <ErrorBanner error={save.error} />
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', columnGap: 16 }}>
          <Form.Item
            name="username"
            label={t('admin.users.username')}
            extra={user === null ? t('admin.users.usernameRule') : undefined}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9._-]{2,40}$/, message: t('admin.users.usernameRule') }]}
          >
            <Input disabled={user !== null} maxLength={41} autoComplete="off" data-testid="user-form-username" />
          </Form.Item>
          <Form.Item name="displayName" label={t('admin.users.displayName')} rules={[{ required: true, whitespace: true, max: 50 }]}>
            <Input maxLength={50} data-testid="user-form-display-name" />
          </Form.Item>
        </div>
        <Form.Item name="organizationId" label={t('admin.users.organization')} rules={[{ required: true }]}>
          <OrganizationSelect current={currentOrg} testId="user-form-organization" />
        </Form.Item>
        <Form.Item name="jurisdictionCode" label={t('admin.users.jurisdiction')} rules={[{ required: true }]}>
          <RegionSelect me={me} testId="user-form-jurisdiction" />
        </Form.Item>
        <Form.Item name="roles" label={t('admin.users.roles')} rules={[{ required: true, type: 'array', min: 1 }]} extra={user === null ? undefined : t('admin.users.sessionsNote')}>
          <Select
            mode="multiple"
            options={roles.map((r) => ({ value: r.code, label: en ? r.nameEn : r.nameZh }))}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="user-form-roles"
          />
        </Form.Item>
        {sod && <Alert type="error" showIcon title={t('admin.users.sodWarning')} style={{ marginBottom: 12 }} data-testid="user-form-sod" />}
        {user === null && (
          <Form.Item name="password" label={t('admin.users.password')} extra={t('admin.users.passwordRule')} rules={[{ required: true }, { max: 256 }]}>
            <Input.Password autoComplete="new-password" data-testid="user-form-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ password: string }>();
  const reset = useMutation({
    mutationFn: (v: { password: string }) => {
      const body: z.input<typeof PasswordResetBodySchema> = { password: v.password };
      return api<{ ok: true }>('POST', `/api/v1/users/${user.id}/password`, body);
    },
    onSuccess: async () => {
      void message.success(t('admin.users.resetDone', { name: user.displayName }));
      await qc.invalidateQueries({ queryKey: ['users'] });
      onClose();
    },
    onError: (err) => form.setFields(fieldErrorsOf(err, ['password'] as const)),
  });
  return (
    <Modal
      open
      title={t('admin.users.resetTitle', { name: `${user.displayName} (${user.username})` })}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>{t('common.cancel')}</Button>,
        <Button key="ok" type="primary" danger loading={reset.isPending} onClick={() => form.submit()} data-testid="user-reset-submit">{t('admin.users.resetPassword')}</Button>,
      ]}
    >
      <Alert type="info" showIcon title={t('admin.users.resetBody')} style={{ marginBottom: 12 }} />
      <ErrorBanner error={reset.error} />
      <Form form={form} layout="vertical" onFinish={(v) => reset.mutate(v)}>
        <Form.Item name="password" label={t('admin.users.newPassword')} extra={t('admin.users.passwordRule')} rules={[{ required: true }, { max: 256 }]}>
          <Input.Password autoComplete="new-password" data-testid="user-reset-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function UsersTab({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const regionName = useRegionName();
  const roles = useRoles();
  const roleName = useRoleName(roles.data?.items);
  const { query, filters, setFilters, pagination } = usePagedList<User, UserFilters>('users', '/api/v1/users', {});
  const [typed, setTyped] = useState('');
  const [editing, setEditing] = useState<User | null | undefined>(undefined);
  const [resetting, setResetting] = useState<User | null>(null);
  const manage = can(me, 'user.manage');
  // The server may run on a fixed demo clock; a lock is current relative to that clock.
  const now = me.fakeNow === null ? Date.now() : new Date(me.fakeNow).getTime();

  const setDisabled = (u: User, disabled: boolean) => {
    const name = `${u.displayName} (${u.username})`;
    modal.confirm({
      title: t(disabled ? 'admin.users.disableTitle' : 'admin.users.enableTitle', { name }),
      content: t(disabled ? 'admin.users.disableBody' : 'admin.users.enableBody'),
      okText: t(disabled ? 'admin.users.disable' : 'admin.users.enable'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: disabled, ...{ 'data-testid': 'user-disable-confirm' } },
      onOk: async () => {
        try {
          const body: z.input<typeof UserPatchBodySchema> = { disabled, version: u.version };
          await api<User>('PATCH', `/api/v1/users/${u.id}`, body);
          void message.success(t(disabled ? 'admin.users.disabledDone' : 'admin.users.enabledDone', { name }));
        } catch (err) {
          void message.error(errorText(err));
        }
        await qc.invalidateQueries({ queryKey: ['users'] });
      },
    });
  };

  const status = (u: User) => {
    const tags = [];
    if (u.disabled) {
      tags.push(<Tag key="d" color="red">{t('admin.users.disabled')}</Tag>);
    }
    if (u.lockedUntil !== null) {
      const at = formatShanghai(u.lockedUntil);
      tags.push(
        new Date(u.lockedUntil).getTime() > now
          ? <Tag key="l" color="orange" data-testid={`user-locked-${u.username}`}>{t('admin.users.lockedUntil', { at })}</Tag>
          : <Typography.Text key="l" type="secondary" style={{ fontSize: 12 }}>{t('admin.users.lockExpired', { at })}</Typography.Text>,
      );
    }
    if (!u.disabled && tags.length === 0) {
      tags.push(<Tag key="a" color="green">{t('admin.users.active')}</Tag>);
    }
    return <Space size={4} wrap>{tags}</Space>;
  };

  const columns: TableColumnsType<User> = [
    {
      title: t('admin.users.username'), dataIndex: 'username', key: 'username', width: 190,
      render: (_, u) => (
        <Space size={4}>
          <span style={{ fontFamily: 'monospace' }}>{u.username}</span>
          {u.id === me.user.id && <Tag>{t('admin.users.self')}</Tag>}
        </Space>
      ),
    },
    { title: t('admin.users.displayName'), dataIndex: 'displayName', key: 'displayName', width: 120 },
    { title: t('admin.users.organization'), dataIndex: 'organizationName', key: 'organizationName' },
    { title: t('admin.users.jurisdiction'), dataIndex: 'jurisdictionCode', key: 'jurisdictionCode', width: 130, render: (_, u) => regionName(u.jurisdictionCode) },
    { title: t('admin.users.roles'), dataIndex: 'roles', key: 'roles', render: (_, u) => <Space size={4} wrap>{u.roles.map((r) => <Tag key={r}>{roleName(r)}</Tag>)}</Space> },
    { title: t('admin.users.status'), key: 'status', width: 170, render: (_, u) => status(u) },
  ];
  if (manage) {
    columns.push({
      title: t('common.actions'), key: 'actions', width: 230, fixed: 'right',
      render: (_, u) => (
        <Space size={0} wrap>
          <Button size="small" type="link" onClick={() => setEditing(u)} data-testid={`user-edit-${u.username}`}>{t('common.edit')}</Button>
          {u.disabled ? (
            <Button size="small" type="link" icon={<UndoOutlined />} onClick={() => setDisabled(u, false)} data-testid={`user-enable-${u.username}`}>
              {t('admin.users.enable')}
            </Button>
          ) : (
            <Button size="small" type="link" danger icon={<StopOutlined />} disabled={u.id === me.user.id} onClick={() => setDisabled(u, true)} data-testid={`user-disable-${u.username}`}>
              {t('admin.users.disable')}
            </Button>
          )}
          <Button size="small" type="link" icon={<KeyOutlined />} onClick={() => setResetting(u)} data-testid={`user-reset-${u.username}`}>
            {t('admin.users.resetPassword')}
          </Button>
        </Space>
      ),
    });
  }

  const exportColumns: ReadonlyArray<ExportColumn<User>> = [
    { title: t('admin.users.username'), value: (u) => u.username },
    { title: t('admin.users.displayName'), value: (u) => u.displayName },
    { title: t('admin.users.organization'), value: (u) => u.organizationName },
    { title: t('admin.users.jurisdiction'), value: (u) => `${regionName(u.jurisdictionCode)} (${u.jurisdictionCode})` },
    { title: t('admin.users.roles'), value: (u) => u.roles.map(roleName).join('、') },
    { title: t('admin.users.status'), value: (u) => t(u.disabled ? 'admin.users.disabled' : 'admin.users.active') },
    { title: t('admin.users.lockedUntil', { at: '' }).trim(), value: (u) => (u.lockedUntil === null ? null : formatShanghai(u.lockedUntil)) },
  ];
  const doExport = async () => {
    const rows = await fetchAll<User>('/api/v1/users', filters);
    await exportRowsToExcel(`${t('admin.users.exportFile')}-${todayShanghai()}.xlsx`, exportColumns, rows);
  };

  return (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: 8, marginBottom: 12 }}>
        <Input.Search
          allowClear
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onSearch={(v) => setFilters({ q: v.trim() === '' ? undefined : v.trim() })}
          placeholder={t('admin.users.searchPlaceholder')}
          enterButton={t('common.search')}
          style={{ width: 300 }}
          data-testid="user-search"
        />
        <Space wrap>
          <ExportButton onExport={doExport} testId="user-export" />
          {manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} disabled={roles.data === undefined} data-testid="user-create">
              {t('admin.users.create')}
            </Button>
          )}
        </Space>
      </div>
      <QueryState query={query} isEmpty={query.data?.items.length === 0}>
        <Table<User>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={query.data?.items ?? []}
          loading={query.isFetching}
          pagination={{ ...pagination, showTotal: (total) => t('common.total', { total }) }}
          scroll={{ x: 1100 }}
          data-testid="user-table"
        />
      </QueryState>
      {editing !== undefined && roles.data !== undefined && <UserFormModal me={me} user={editing} roles={roles.data.items} onClose={() => setEditing(undefined)} />}
      {resetting !== null && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
    </>
  );
}

// ---------------------------------------------------------------- roles

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
    <Modal
      open
      title={role === null ? t('admin.roles.createTitle') : t('admin.roles.editTitle', { name: role.nameZh })}
      onCancel={onClose}
      width={720}
      footer={[
        <Button key="cancel" onClick={onClose}>{t('common.cancel')}</Button>,
        <Button key="save" type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="role-form-submit">{t('common.save')}</Button>,
      ]}
    >
      <ErrorBanner error={save.error} />
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
    </Modal>
  );
}

function RolesTab({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const roles = useRoles();
  const [typed, setTyped] = useState('');
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
  const doExport = async () => {
    await exportRowsToExcel(`${t('admin.roles.exportFile')}-${todayShanghai()}.xlsx`, exportColumns, rows);
  };

  return (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: 8, marginBottom: 12 }}>
        <Input.Search
          allowClear
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onSearch={setSearch}
          placeholder={t('admin.roles.searchPlaceholder')}
          enterButton={t('common.search')}
          style={{ width: 300 }}
          data-testid="role-search"
        />
        <Space wrap>
          <ExportButton onExport={doExport} testId="role-export" />
          {manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="role-create">
              {t('admin.roles.create')}
            </Button>
          )}
        </Space>
      </div>
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

/** 用户与角色 Users and roles (administrator): users with create, edit, disable and password reset; roles with their permissions. */
export function UsersPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'roles' ? 'roles' : 'users';
  return (
    <>
      <Header title={t('admin.users.title')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'roles' ? { tab: 'roles' } : {}, { replace: true })}
        items={[
          { key: 'users', label: t('admin.users.tabUsers'), children: <UsersTab me={me} /> },
          { key: 'roles', label: t('admin.users.tabRoles'), children: <RolesTab me={me} /> },
        ]}
      />
    </>
  );
}
