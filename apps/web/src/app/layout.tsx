import { Alert, Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { api } from './api-client';
import { NAV_GROUPS, navFor, navMenu, type NavItem } from './navigation';

/** The shell: navigation from the user's permissions, a header with who and where, language and logout. */
export function AppLayout({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  const en = i18n.language === 'en';
  const items = navFor(me.permissions);
  const selected = items.filter((n) => n.path !== '/' && location.pathname.startsWith(n.path)).at(-1)?.key ?? 'home';

  const switchLanguage = async () => {
    const next = en ? 'zh-CN' : 'en';
    // The cached profile carries the saved language: keep it in step so nothing switches back.
    qc.setQueryData<Me | null>(['me'], (old) => (old === null || old === undefined ? old : { ...old, user: { ...old.user, locale: next } }));
    localStorage.setItem('zq.locale', next);
    await i18n.changeLanguage(next);
    await api('PUT', '/api/v1/auth/preferences', { locale: next }).catch(() => undefined);
  };
  const logout = async () => {
    await api('POST', '/api/v1/auth/logout').catch(() => undefined);
    // Observers keep their data after clear(): say "no session" first, then drop the rest.
    qc.setQueryData(['me'], null);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    await navigate('/login');
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={56} width={200} theme="light">
        <div style={{ padding: '16px 16px 8px', fontWeight: 600, fontSize: 18 }}>{t('app.name')}</div>
        <Menu
          mode="inline"
          selectedKeys={[selected]}
          items={navMenu(items).map((m) => {
            const entry = (n: NavItem) => ({ key: n.key, icon: n.icon, label: t(n.labelKey), onClick: () => void navigate(n.path) });
            return 'items' in m ? { type: 'group' as const, key: `group-${m.group}`, label: t(NAV_GROUPS[m.group]), children: m.items.map(entry) } : entry(m);
          })}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 16px', height: 'auto', lineHeight: '48px', display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: 8 }}>
          <Space wrap size="small" data-testid="header-identity">
            <Typography.Text strong>{me.user.displayName}</Typography.Text>
            <Typography.Text type="secondary">
              {t('header.organization')}: {en ? (me.organization.nameEn ?? me.organization.name) : me.organization.name}
            </Typography.Text>
            <Typography.Text type="secondary" data-testid="header-jurisdiction">
              {t('header.jurisdiction')}: {en ? me.jurisdiction.nameEn : me.jurisdiction.nameZh} ({me.jurisdiction.code})
            </Typography.Text>
            {me.roles.map((r) => (
              <Tag key={r.code}>{en ? r.nameEn : r.nameZh}</Tag>
            ))}
          </Space>
          <Space>
            <Button size="small" onClick={() => void switchLanguage()} data-testid="language-switch">
              {t('header.language')}
            </Button>
            <Button size="small" onClick={() => void logout()} data-testid="logout">
              {t('header.logout')}
            </Button>
          </Space>
        </Layout.Header>
        {me.fakeNow !== null && <Alert type="warning" banner title={t('header.fakeClock', { at: new Date(me.fakeNow).toLocaleString(en ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai' }) })} data-testid="fake-clock-banner" />}
        <Layout.Content style={{ padding: 16, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
