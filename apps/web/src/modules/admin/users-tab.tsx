import { KeyOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import type { PasswordResetBodySchema, UserCreateBodySchema, UserPatchBodySchema, UserSchema } from '@zhengqi/contracts/admin';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../../app/api-client';
import { ExportButton } from '../../app/export-button';
import { fieldErrorsOf } from '../../app/form-errors';
import { FormModal } from '../../app/form-modal';
import { errorText } from '../../app/i18n';
import { ErrorBanner, exportListToExcel, usePagedList, type ExportColumn } from '../../app/list-kit';
import { ListSearch, PagedTable, SearchToolbar } from '../../app/list-page';
import { RegionSelect, useRegionName } from '../../app/region-select';
import { can } from '../../app/session';
import { formatShanghai } from '../../app/shanghai-time';
import { OrganizationSelect } from './organization-select';
import { breaksSeparationOfDuties, useRoles, type Role } from './roles-tab';

type User = z.infer<typeof UserSchema>;
type UserFilters = { q?: string };

function useRoleName(roles: readonly Role[] | undefined): (code: string) => string {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  const byCode = useMemo(() => new Map((roles ?? []).map((r) => [r.code, r])), [roles]);
  return (code) => {
    const r = byCode.get(code);
    return r === undefined ? code : en ? r.nameEn : r.nameZh;
  };
}

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
    <FormModal
      title={user === null ? t('admin.users.createTitle') : t('admin.users.editTitle', { name: user.displayName })}
      width={640}
      form={form}
      saving={save.isPending}
      error={save.error}
      submitTestId="user-form-submit"
      onClose={onClose}
    >
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
    </FormModal>
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

/** The users tab: search, create, edit, disable or re-enable, reset a password; locks show against the server clock. */
export function UsersTab({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const regionName = useRegionName();
  const roles = useRoles();
  const roleName = useRoleName(roles.data?.items);
  const list = usePagedList<User, UserFilters>('users', '/api/v1/users', {});
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
  const doExport = () => exportListToExcel('/api/v1/users', list.filters, t('admin.users.exportFile'), exportColumns);

  return (
    <>
      <SearchToolbar search={<ListSearch placeholder={t('admin.users.searchPlaceholder')} width={300} testId="user-search" onSearch={(q) => list.setFilters({ q })} />}>
        <ExportButton onExport={doExport} testId="user-export" />
        {manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} disabled={roles.data === undefined} data-testid="user-create">
            {t('admin.users.create')}
          </Button>
        )}
      </SearchToolbar>
      <PagedTable list={list} columns={columns} scrollX={1100} testId="user-table" />
      {editing !== undefined && roles.data !== undefined && <UserFormModal me={me} user={editing} roles={roles.data.items} onClose={() => setEditing(undefined)} />}
      {resetting !== null && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
    </>
  );
}

