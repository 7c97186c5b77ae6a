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
  'audit.read',
  'audit.verify',
  'project.read',
  'project.write',
  // The problem loop's permissions, as PROBLEM_PERMISSIONS in problems.ts names them.
  'problem.read',
  'problem.report',
  'problem.dispatch',
  'problem.handle',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

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
    permissions: ['user.read', 'user.manage', 'role.manage', 'org.read', 'org.write', 'calendar.read', 'calendar.manage', 'entity.read'],
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
];
