import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { HomePage } from './app/home-page';
import { i18n } from './app/i18n';
import { AppLayout } from './app/layout';
import { LoginPage } from './app/login-page';
import { useMe } from './app/session';
import { MODULE_ROUTES } from './app/module-routes';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: (n, err) => n < 1 && (err as { status?: number }).status !== 401 && (err as { status?: number }).status !== 403 } } });

function Shell() {
  const me = useMe();
  const { i18n: i } = useTranslation();
  // The user's saved language wins after login.
  useEffect(() => {
    const saved = me.data?.user.locale;
    if (saved !== undefined && saved !== i.language) {
      localStorage.setItem('zq.locale', saved);
      void i.changeLanguage(saved);
    }
  }, [me.data?.user.locale, i]);
  if (me.isLoading) {
    return <Spin fullscreen />;
  }
  const user = me.data ?? null;
  return (
    <Routes>
      <Route path="/login" element={user === null ? <LoginPage /> : <Navigate to="/" replace />} />
      {user === null ? (
        <Route path="*" element={<Navigate to="/login" replace />} />
      ) : (
        <Route element={<AppLayout me={user} />}>
          <Route index element={<HomePage me={user} />} />
          {MODULE_ROUTES.filter((r) => user.permissions.includes(r.permission)).map((r) => (
            <Route key={r.path} path={r.path} element={r.render(user)} />
          ))}
          <Route path="*" element={<Navigate to="/" replace />} />
        </Route>
      )}
    </Routes>
  );
}

function Root() {
  const { i18n: i } = useTranslation();
  const en = i.language === 'en';
  dayjs.locale(en ? 'en' : 'zh-cn');
  document.documentElement.lang = en ? 'en' : 'zh-CN';
  return (
    <ConfigProvider locale={en ? enUS : zhCN} theme={{ token: { colorPrimary: '#b71c1c' } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Shell />
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

void i18n;
const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}
