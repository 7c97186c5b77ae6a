import './admin-messages';
import { Tabs } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../app/list-page';
import { RolesTab } from './roles-tab';
import { UsersTab } from './users-tab';

/** 用户与角色 Users and roles (administrator): users with create, edit, disable and password reset; roles with their permissions. */
export function UsersPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  // The open tab is in the address (?tab=roles), so a reload or a shared link keeps it.
  const tab = params.get('tab') === 'roles' ? 'roles' : 'users';
  return (
    <>
      <PageHeader title={t('admin.users.title')} />
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
