import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { ERROR_CATALOG } from '@zhengqi/contracts/errors';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, api, setCsrfToken } from './api-client';
import { errorText } from './i18n';

/** The login page: errors come from the problem code; a lockout says until when. */
export function LoginPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ csrfToken: string }>('POST', '/api/v1/auth/login', v);
      setCsrfToken(r.csrfToken);
      await qc.invalidateQueries({ queryKey: ['me'] });
      await navigate('/');
    } catch (err) {
      if (err instanceof ApiError && err.problem.code === 'ACCOUNT_LOCKED') {
        const until = (err.problem as { lockedUntil?: string }).lockedUntil;
        const c = ERROR_CATALOG.ACCOUNT_LOCKED;
        const when = until === undefined ? '' : new Date(until).toLocaleTimeString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai' });
        setError(`${i18n.language === 'en' ? c.en : c.zh}. ${t('login.lockedUntil', { at: when })}`);
      } else {
        setError(errorText(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5', padding: 16 }}>
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Title level={3} style={{ marginBottom: 0 }}>{t('login.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
          {error !== null && <Alert type="error" title={error} data-testid="login-error" />}
          <Form layout="vertical" onFinish={(v: { username: string; password: string }) => void submit(v)} requiredMark={false}>
            <Form.Item name="username" label={t('login.username')} rules={[{ required: true }]}>
              <Input autoComplete="username" data-testid="login-username" />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true }]}>
              <Input.Password autoComplete="current-password" data-testid="login-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('login.demo')}</Typography.Text>
          <Button type="link" size="small" onClick={() => { const next = i18n.language === 'en' ? 'zh-CN' : 'en'; localStorage.setItem('zq.locale', next); void i18n.changeLanguage(next); }}>
            {t('header.language')}
          </Button>
        </Space>
      </Card>
    </div>
  );
}
