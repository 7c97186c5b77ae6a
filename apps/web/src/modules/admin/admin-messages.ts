import { ApiError } from '../../app/api-client';
import { addMessages, errorText, i18n } from '../../app/i18n';

// Permission labels are nested by the dot in the permission string, so t(`admin.permission.${p}`) finds them.
const permissionZh = {
  entity: { read: '查看市场主体', write: '登记/修改市场主体', import: '批量导入市场主体', uscc_override: '确认校验位不符的信用代码' },
  person: { read: '查看人员', write: '登记人员' },
  pii: { read: '查看明文身份证号/手机号' },
  org: { read: '查看组织机构', write: '管理组织机构' },
  user: { read: '查看用户', manage: '管理用户' },
  role: { manage: '管理角色' },
  calendar: { read: '查看工作日历', manage: '维护工作日历' },
  audit: { read: '查看审计日志', verify: '校验审计日志' },
};
const permissionEn: typeof permissionZh = {
  entity: { read: 'View market entities', write: 'Register / change market entities', import: 'Import market entities', uscc_override: 'Accept a USCC with a wrong check character' },
  person: { read: 'View persons', write: 'Register persons' },
  pii: { read: 'View clear ID and phone numbers' },
  org: { read: 'View organizations', write: 'Manage organizations' },
  user: { read: 'View users', manage: 'Manage users' },
  role: { manage: 'Manage roles' },
  calendar: { read: 'View the working-day calendar', manage: 'Maintain the working-day calendar' },
  audit: { read: 'View the audit log', verify: 'Verify the audit log' },
};

addMessages('persons', {
  zh: {
    title: '人员',
    detailTitle: '人员详情',
    searchPlaceholder: '姓名，或完整身份证号 / 手机号',
    name: '姓名',
    nationalId: '身份证号',
    phone: '手机号',
    region: '所属区划',
    maskedNote: '身份证号与手机号均已脱敏显示',
    reveal: '查看明文',
    revealTitle: '查看明文身份证号与手机号',
    revealHint: '查看明文将记入审计日志。请填写查看理由（至少 4 个字）。',
    reasonPlaceholder: '例如：办理稳岗贷款需核对借款人身份',
    reasonMin: '理由至少 4 个字',
    revealedTitle: '明文信息：{{name}}',
    revealedAudit: '本次查看已记入审计日志（查看人、时间与理由）。关闭此窗口后不再显示明文。',
    close: '关闭',
    create: '登记人员',
    createTitle: '登记人员',
    created: '已登记 {{name}}',
    nationalIdHint: '18 位居民身份证号码，按 GB 11643 校验',
    exportFile: '人员',
    notFound: '未找到该人员',
  },
  en: {
    title: 'Persons',
    detailTitle: 'Person',
    searchPlaceholder: 'Name, or a full ID / phone number',
    name: 'Name',
    nationalId: 'National ID (身份证号)',
    phone: 'Phone',
    region: 'Region',
    maskedNote: 'ID and phone numbers are shown masked',
    reveal: 'Show clear values',
    revealTitle: 'Show the clear ID and phone numbers',
    revealHint: 'Showing clear values is recorded in the audit log. Give a reason (at least 4 characters).',
    reasonPlaceholder: 'e.g. checking the borrower’s identity for an employment-linked loan',
    reasonMin: 'At least 4 characters',
    revealedTitle: 'Clear values: {{name}}',
    revealedAudit: 'This view has been recorded in the audit log (who, when and why). The clear values disappear when you close this window.',
    close: 'Close',
    create: 'Register person',
    createTitle: 'Register a person',
    created: '{{name}} registered',
    nationalIdHint: '18-character resident ID number, checked against GB 11643',
    exportFile: 'persons',
    notFound: 'No such person',
  },
});

addMessages('admin', {
  zh: {
    orgKind: { agency: '政府机关', bank: '银行', bank_branch: '银行分支机构', enterprise: '企业', individual_business: '个体工商户', research_institute: '科研院所', university: '高等院校' },
    permission: permissionZh,
    agencyTypes: {
      ndrc: '发展和改革局', approval: '行政审批服务局', hrss: '人力资源和社会保障局', sci: '科学技术局', samr: '市场监督管理局',
      finance_monitoring: '金融监测服务中心', big_data: '大数据局', audit: '审计局',
    },
    org: {
      title: '组织机构',
      searchPlaceholder: '机构名称',
      kindFilter: '机构类型',
      name: '名称',
      nameEn: '英文名称',
      kind: '类型',
      agencyType: '机关类别',
      agencyTypeHint: '选择或输入类别代码，如 approval',
      region: '所在区划',
      parent: '上级机构',
      uscc: '统一社会信用代码',
      create: '新建机构',
      createTitle: '新建组织机构',
      editTitle: '编辑组织机构：{{name}}',
      saved: '已保存 {{name}}',
      exportFile: '组织机构',
    },
    users: {
      title: '用户与角色',
      tabUsers: '用户',
      tabRoles: '角色',
      searchPlaceholder: '用户名或姓名',
      username: '用户名',
      usernameRule: '小写字母开头，3–41 位小写字母、数字或 . _ -',
      displayName: '姓名',
      organization: '所属单位',
      jurisdiction: '辖区',
      roles: '角色',
      status: '状态',
      active: '正常',
      disabled: '已停用',
      lockedUntil: '锁定至 {{at}}',
      lockExpired: '锁定已于 {{at}} 到期',
      create: '新建用户',
      createTitle: '新建用户',
      editTitle: '编辑用户：{{name}}',
      password: '初始密码',
      newPassword: '新密码',
      passwordRule: '至少 10 位，且包含大写字母、小写字母、数字、符号中的至少三类',
      disable: '停用',
      enable: '启用',
      disableTitle: '停用用户 {{name}}？',
      disableBody: '停用后，该用户的所有登录会话立即结束，且不能再登录。',
      enableTitle: '重新启用用户 {{name}}？',
      enableBody: '启用后该用户可以重新登录。',
      disabledDone: '已停用 {{name}}，其会话已结束',
      enabledDone: '已启用 {{name}}',
      resetPassword: '重置密码',
      resetTitle: '重置 {{name}} 的密码',
      resetBody: '重置后账户将解锁，该用户现有的登录会话立即结束。',
      resetDone: '已重置 {{name}} 的密码',
      saved: '已保存 {{name}}',
      sessionsNote: '修改角色或辖区后，该用户的会话立即结束，需要重新登录。',
      sodWarning: '所选角色同时包含系统管理权限与审计权限，违反职责分离，保存会被拒绝。',
      self: '本人',
      exportFile: '用户',
    },
    roles: {
      searchPlaceholder: '角色代码或名称',
      code: '角色代码',
      name: '名称',
      readonly: '只读',
      codeRule: '小写字母开头，3–41 位小写字母、数字或下划线；保存后不可修改',
      nameZh: '中文名称',
      nameEn: '英文名称',
      permissions: '权限',
      kind: '类别',
      builtin: '内置',
      custom: '自定义',
      builtinReadonly: '内置角色不可修改',
      create: '新建角色',
      createTitle: '新建自定义角色',
      editTitle: '编辑角色：{{name}}',
      saved: '已保存角色 {{name}}',
      auditOnlyBuiltin: '审计权限只属于内置的“安全审计员”角色，不能授予自定义角色（职责分离）。',
      sodWarning: '所选权限同时包含系统管理与审计权限，违反职责分离。',
      permissionsRequired: '至少选择一项权限',
      exportFile: '角色',
    },
  },
  en: {
    orgKind: { agency: 'Government agency', bank: 'Bank', bank_branch: 'Bank branch', enterprise: 'Enterprise', individual_business: 'Individual business (个体工商户)', research_institute: 'Research institute', university: 'University' },
    permission: permissionEn,
    agencyTypes: {
      ndrc: 'Development and reform bureau', approval: 'Administrative approval services bureau', hrss: 'Human resources and social security bureau',
      sci: 'Science and technology bureau', samr: 'Market supervision administration', finance_monitoring: 'Financial monitoring service center', big_data: 'Big data bureau', audit: 'Audit bureau',
    },
    org: {
      title: 'Organizations',
      searchPlaceholder: 'Organization name',
      kindFilter: 'Kind',
      name: 'Name',
      nameEn: 'English name',
      kind: 'Kind',
      agencyType: 'Agency type',
      agencyTypeHint: 'Choose or type a type code, e.g. approval',
      region: 'Region',
      parent: 'Parent organization',
      uscc: 'Unified social credit code (统一社会信用代码)',
      create: 'New organization',
      createTitle: 'New organization',
      editTitle: 'Edit organization: {{name}}',
      saved: '{{name}} saved',
      exportFile: 'organizations',
    },
    users: {
      title: 'Users and roles',
      tabUsers: 'Users',
      tabRoles: 'Roles',
      searchPlaceholder: 'Username or name',
      username: 'Username',
      usernameRule: 'Starts with a lower-case letter; 3–41 lower-case letters, digits or . _ -',
      displayName: 'Display name',
      organization: 'Organization',
      jurisdiction: 'Jurisdiction',
      roles: 'Roles',
      status: 'Status',
      active: 'Active',
      disabled: 'Disabled',
      lockedUntil: 'Locked until {{at}}',
      lockExpired: 'Lock expired at {{at}}',
      create: 'New user',
      createTitle: 'New user',
      editTitle: 'Edit user: {{name}}',
      password: 'Initial password',
      newPassword: 'New password',
      passwordRule: 'At least 10 characters from at least three of: upper case, lower case, digits, symbols',
      disable: 'Disable',
      enable: 'Re-enable',
      disableTitle: 'Disable {{name}}?',
      disableBody: 'All of their sessions end at once and they can no longer log in.',
      enableTitle: 'Re-enable {{name}}?',
      enableBody: 'They will be able to log in again.',
      disabledDone: '{{name}} disabled; their sessions have ended',
      enabledDone: '{{name}} re-enabled',
      resetPassword: 'Reset password',
      resetTitle: 'Reset the password of {{name}}',
      resetBody: 'The account is unlocked and all of their sessions end at once.',
      resetDone: 'Password of {{name}} reset',
      saved: '{{name}} saved',
      sessionsNote: 'Changing roles or jurisdiction ends their sessions at once; they must log in again.',
      sodWarning: 'The chosen roles combine administration and audit rights (separation of duties); saving will be refused.',
      self: 'you',
      exportFile: 'users',
    },
    roles: {
      searchPlaceholder: 'Role code or name',
      code: 'Role code',
      name: 'Name',
      readonly: 'Read-only',
      codeRule: 'Starts with a lower-case letter; 3–41 lower-case letters, digits or _; fixed once saved',
      nameZh: 'Chinese name',
      nameEn: 'English name',
      permissions: 'Permissions',
      kind: 'Type',
      builtin: 'Built-in',
      custom: 'Custom',
      builtinReadonly: 'Built-in roles cannot be changed',
      create: 'New role',
      createTitle: 'New custom role',
      editTitle: 'Edit role: {{name}}',
      saved: 'Role {{name}} saved',
      auditOnlyBuiltin: 'Audit rights belong only to the built-in Auditor role and cannot be given to a custom role (separation of duties).',
      sodWarning: 'The chosen permissions combine administration and audit rights (separation of duties).',
      permissionsRequired: 'Choose at least one permission',
      exportFile: 'roles',
    },
  },
});

/** Agency type codes the platform names (an organization may carry another code; it is then shown as is). */
export const AGENCY_TYPES = ['ndrc', 'approval', 'hrss', 'sci', 'samr', 'finance_monitoring', 'big_data', 'audit'] as const;

/** A form field and the server's messages about it, ready for `form.setFields`. */
export type FieldError<N extends string = string> = { name: N; errors: string[] };

/**
 * Per-field messages from a problem+json answer: `errors[]` from validation, else the single `field`
 * of a domain error (with the code's text). Only fields the form has are returned.
 */
export function fieldErrorsOf<N extends string>(err: unknown, formFields: readonly N[]): Array<FieldError<N>> {
  if (!(err instanceof ApiError)) {
    return [];
  }
  const en = i18n.language === 'en';
  const byField = new Map<string, string[]>();
  for (const e of err.problem.errors ?? []) {
    // Validation paths may be nested (`roles.0`); the form field is the first segment.
    const name = e.field.split('.')[0] ?? e.field;
    byField.set(name, [...(byField.get(name) ?? []), en ? e.messageEn : e.message]);
  }
  const single = err.problem.field;
  if (byField.size === 0 && single !== undefined) {
    byField.set(single, [errorText(err)]);
  }
  const out: Array<FieldError<N>> = [];
  for (const name of formFields) {
    const errors = byField.get(name);
    if (errors !== undefined) {
      out.push({ name, errors });
    }
  }
  return out;
}

const shanghai = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

/** An instant as `YYYY-MM-DD HH:mm` in Asia/Shanghai. */
export function formatShanghai(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : shanghai.format(d);
}

/** Today's date in Asia/Shanghai as `YYYY-MM-DD`, for export file names. */
export function todayShanghai(): string {
  return formatShanghai(new Date().toISOString()).slice(0, 10);
}
