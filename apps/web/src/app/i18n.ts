import { ERROR_CATALOG } from '@zhengqi/contracts/errors';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ApiError } from './api-client';

const zh = {
  app: { name: '政企通', subtitle: '政府–企业服务平台' },
  nav: { home: '首页', entities: '市场主体', persons: '人员', organizations: '组织机构', users: '用户与角色', calendar: '工作日历', audit: '审计日志' },
  common: {
    search: '搜索', reset: '重置', export: '导出 Excel', create: '新建', edit: '编辑', save: '保存', cancel: '取消', detail: '详情', actions: '操作',
    loading: '加载中…', empty: '暂无数据', retry: '重试', total: '共 {{total}} 条', yes: '是', no: '否', reason: '理由', confirm: '确定', back: '返回', all: '全部',
  },
  header: { jurisdiction: '辖区', organization: '单位', roles: '角色', logout: '退出登录', language: 'English', fakeClock: '系统时钟已固定为 {{at}}（演示/测试模式）' },
  login: { title: '登录政企通', username: '用户名', password: '密码', submit: '登录', lockedUntil: '账户已锁定，请于 {{at}} 后再试', demo: '演示账号见 README，默认密码 Zhengqi@2026' },
  home: { welcome: '欢迎，{{name}}', modules: '可用功能' },
};
type Messages = typeof zh;
const en: Messages = {
  app: { name: 'Zhengqi', subtitle: 'Government–enterprise service platform' },
  nav: { home: 'Home', entities: 'Market entities', persons: 'Persons', organizations: 'Organizations', users: 'Users and roles', calendar: 'Working-day calendar', audit: 'Audit log' },
  common: {
    search: 'Search', reset: 'Reset', export: 'Export to Excel', create: 'New', edit: 'Edit', save: 'Save', cancel: 'Cancel', detail: 'Detail', actions: 'Actions',
    loading: 'Loading…', empty: 'No data', retry: 'Retry', total: '{{total}} in all', yes: 'Yes', no: 'No', reason: 'Reason', confirm: 'OK', back: 'Back', all: 'All',
  },
  header: { jurisdiction: 'Jurisdiction', organization: 'Organization', roles: 'Roles', logout: 'Log out', language: '中文', fakeClock: 'The server clock is fixed at {{at}} (demo/test mode)' },
  login: { title: 'Log in to Zhengqi', username: 'Username', password: 'Password', submit: 'Log in', lockedUntil: 'The account is locked until {{at}}', demo: 'Demo logins are in the README; default password Zhengqi@2026' },
  home: { welcome: 'Welcome, {{name}}', modules: 'Available modules' },
};

/** The language chosen before login (after login the user's saved preference wins). */
export function initialLanguage(): 'zh-CN' | 'en' {
  return localStorage.getItem('zq.locale') === 'en' ? 'en' : 'zh-CN';
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zh }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

/** Adds a module's messages under its namespace key in both languages. */
export function addMessages(key: string, messages: { zh: Record<string, unknown>; en: Record<string, unknown> }): void {
  i18n.addResourceBundle('zh-CN', 'translation', { [key]: messages.zh }, true, true);
  i18n.addResourceBundle('en', 'translation', { [key]: messages.en }, true, true);
}

/** The user-facing text of an error, from its problem code, in the current language. */
export function errorText(err: unknown): string {
  const en = i18n.language === 'en';
  if (err instanceof ApiError) {
    const p = err.problem;
    const known = (ERROR_CATALOG as Record<string, { zh: string; en: string } | undefined>)[p.code];
    const base = en ? (p.messageEn || known?.en) : (p.message || known?.zh);
    return base ?? p.code;
  }
  return err instanceof Error ? err.message : String(err);
}

export { i18n };
