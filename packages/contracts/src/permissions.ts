/** Every permission string the platform knows; a role is a named set of these. */
export const PERMISSIONS = [
  'entity.read',
  'entity.write',
  'entity.import',
  'entity.uscc_override',
  'person.read',
  'person.write',
  'pii.read',
  'org.read',
  'org.write',
  'user.read',
  'user.manage',
  'role.manage',
  'calendar.read',
  'calendar.manage',
  'reference.manage',
  'audit.read',
  'audit.verify',
  'project.read',
  'project.write',
  // The problem loop's permissions, as PROBLEM_PERMISSIONS in problems.ts names them.
  'problem.read',
  'problem.report',
  'problem.dispatch',
  'problem.handle',
  // Special loans (loan-applications.ts LOAN_PERMISSIONS).
  'loan.read',
  'loan.apply',
  'loan.certify',
  'loan.diligence',
  'loan.decide',
  'loan.disburse',
  'loan.product',
  'loan.stats',
  'loan.desk',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The label of every permission; a new permission without one fails the type check. */
export const PERMISSION_LABELS = {
  'entity.read': { zh: '查看市场主体', en: 'View market entities' },
  'entity.write': { zh: '登记/修改市场主体', en: 'Register / change market entities' },
  'entity.import': { zh: '批量导入市场主体', en: 'Import market entities' },
  'entity.uscc_override': { zh: '确认校验位不符的信用代码', en: 'Accept a USCC with a wrong check character' },
  'person.read': { zh: '查看人员', en: 'View persons' },
  'person.write': { zh: '登记人员', en: 'Register persons' },
  'pii.read': { zh: '查看明文身份证号/手机号', en: 'View clear ID and phone numbers' },
  'org.read': { zh: '查看组织机构', en: 'View organizations' },
  'org.write': { zh: '管理组织机构', en: 'Manage organizations' },
  'user.read': { zh: '查看用户', en: 'View users' },
  'user.manage': { zh: '管理用户', en: 'Manage users' },
  'role.manage': { zh: '管理角色', en: 'Manage roles' },
  'calendar.read': { zh: '查看工作日历', en: 'View the working-day calendar' },
  'calendar.manage': { zh: '维护工作日历', en: 'Maintain the working-day calendar' },
  'reference.manage': { zh: '维护可配置列表', en: 'Maintain the configurable lists' },
  'audit.read': { zh: '查看审计日志', en: 'View the audit log' },
  'audit.verify': { zh: '校验审计日志', en: 'Verify the audit log' },
  'project.read': { zh: '查看重点项目', en: 'View key projects (重点项目)' },
  'project.write': { zh: '维护重点项目', en: 'Maintain key projects' },
  'problem.read': { zh: '查看项目问题', en: 'View project problems' },
  'problem.report': { zh: '反映问题', en: 'Raise problems' },
  'problem.dispatch': { zh: '交办/销号问题（调度）', en: 'Assign and close problems (dispatch)' },
  'problem.handle': { zh: '办理问题（责任单位）', en: 'Handle problems (responsible unit)' },
  'loan.read': { zh: '查看专项贷款', en: 'View special loans' },
  'loan.apply': { zh: '申请专项贷款（企业/客户经理代录）', en: 'Apply for a special loan (enterprise, or an officer recording for it)' },
  'loan.certify': { zh: '人社认定（类别与用工）', en: 'Certify category and headcount (HR bureau)' },
  'loan.diligence': { zh: '银行尽职调查', en: 'Bank due diligence' },
  'loan.decide': { zh: '授信审批', en: 'Credit decision and second approval' },
  'loan.disburse': { zh: '签约、放款与还款登记', en: 'Contract, disbursement and repayments' },
  'loan.product': { zh: '维护贷款产品与决策表', en: 'Maintain loan products and decision tables' },
  'loan.stats': { zh: '查看贷款统计与名单筛查', en: 'Loan statistics and screening' },
  'loan.desk': { zh: '记录政银企对接台账', en: 'Keep the government–bank–enterprise desk log' },
} as const satisfies Record<Permission, { zh: string; en: string }>;

export type BuiltinRole = { code: string; nameZh: string; nameEn: string; permissions: readonly Permission[] };

/** Permissions that may never meet in one user (separation of duties): administration vs audit. */
export const SOD_CONFLICTS: ReadonlyArray<readonly [Permission, Permission]> = [
  ['user.manage', 'audit.read'],
  ['role.manage', 'audit.read'],
];

export const BUILTIN_ROLES: readonly BuiltinRole[] = [
  {
    code: 'sysadmin',
    nameZh: '系统管理员',
    nameEn: 'System administrator',
    permissions: ['user.read', 'user.manage', 'role.manage', 'org.read', 'org.write', 'calendar.read', 'calendar.manage', 'reference.manage', 'entity.read'],
  },
  { code: 'auditor', nameZh: '安全审计员', nameEn: 'Auditor', permissions: ['audit.read', 'audit.verify', 'user.read', 'org.read'] },
  {
    code: 'registry_clerk',
    nameZh: '市场主体登记员',
    nameEn: 'Registry clerk',
    permissions: ['entity.read', 'entity.write', 'entity.import', 'person.read', 'person.write', 'org.read', 'calendar.read'],
  },
  {
    code: 'registry_supervisor',
    nameZh: '登记审核员',
    nameEn: 'Registry supervisor',
    permissions: ['entity.read', 'entity.write', 'entity.import', 'entity.uscc_override', 'person.read', 'person.write', 'pii.read', 'org.read', 'calendar.read'],
  },
  { code: 'official', nameZh: '政务人员（只读）', nameEn: 'Official (read only)', permissions: ['entity.read', 'person.read', 'org.read', 'calendar.read'] },
  {
    code: 'project_dispatcher',
    nameZh: '发改局调度员',
    nameEn: 'Project dispatcher (development and reform bureau)',
    permissions: ['project.read', 'project.write', 'problem.read', 'problem.report', 'problem.dispatch', 'org.read', 'entity.read', 'calendar.read'],
  },
  { code: 'project_owner', nameZh: '项目单位', nameEn: 'Project owner', permissions: ['project.read', 'problem.read', 'problem.report', 'calendar.read'] },
  { code: 'problem_handler', nameZh: '责任单位经办人', nameEn: 'Handler in a responsible unit', permissions: ['project.read', 'problem.read', 'problem.handle', 'calendar.read'] },
  { code: 'helping_official', nameZh: '帮包领导', nameEn: 'Helping official', permissions: ['project.read', 'problem.read', 'problem.report', 'calendar.read'] },
  { code: 'hr_loan_officer', nameZh: '人社局稳岗贷款专员', nameEn: 'HR-bureau loan officer', permissions: ['loan.read', 'loan.certify', 'loan.stats', 'loan.desk', 'entity.read', 'org.read', 'calendar.read'] },
  { code: 'bank_loan_officer', nameZh: '银行客户经理', nameEn: 'Bank loan officer', permissions: ['loan.read', 'loan.apply', 'loan.diligence', 'loan.disburse', 'loan.stats', 'loan.desk', 'entity.read', 'calendar.read'] },
  { code: 'bank_credit_approver', nameZh: '银行授信审批人', nameEn: 'Bank credit approver', permissions: ['loan.read', 'loan.decide', 'loan.stats', 'entity.read', 'calendar.read'] },
  { code: 'loan_product_admin', nameZh: '贷款产品管理员', nameEn: 'Loan product administrator', permissions: ['loan.read', 'loan.product', 'loan.stats', 'calendar.read'] },
  { code: 'enterprise_user', nameZh: '企业用户', nameEn: 'Enterprise user', permissions: ['loan.read', 'loan.apply', 'calendar.read'] },
];
