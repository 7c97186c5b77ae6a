import { AuditOutlined, BankOutlined, CalendarOutlined, HomeOutlined, ShopOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import type { Permission } from '@zhengqi/contracts/permissions';
import type { ReactNode } from 'react';
import { AlertOutlined, FileTextOutlined, InboxOutlined, ProjectOutlined, UnorderedListOutlined } from '@ant-design/icons';
// The key-project entries' labels live with their module; loading them here names the entries before any page opens.
import '../modules/projects/project-messages';
import '../modules/projects/bulletin-messages';
import '../modules/admin/reference-lists-messages';

/** A navigation entry: shown only when the user holds its permission. */
export type NavItem = { key: string; path: string; labelKey: string; icon: ReactNode; permission: Permission | null };

export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'home', path: '/', labelKey: 'nav.home', icon: <HomeOutlined />, permission: null },
  { key: 'entities', path: '/entities', labelKey: 'nav.entities', icon: <ShopOutlined />, permission: 'entity.read' },
  { key: 'persons', path: '/persons', labelKey: 'nav.persons', icon: <UserOutlined />, permission: 'person.read' },
  { key: 'organizations', path: '/organizations', labelKey: 'nav.organizations', icon: <BankOutlined />, permission: 'org.read' },
  { key: 'users', path: '/users', labelKey: 'nav.users', icon: <TeamOutlined />, permission: 'user.read' },
  { key: 'calendar', path: '/calendar', labelKey: 'nav.calendar', icon: <CalendarOutlined />, permission: 'calendar.read' },
  { key: 'reference-lists', path: '/admin/reference-lists', labelKey: 'referenceLists.nav', icon: <UnorderedListOutlined />, permission: 'reference.manage' },
  { key: 'audit', path: '/audit', labelKey: 'nav.audit', icon: <AuditOutlined />, permission: 'audit.read' },
  { key: 'projects', path: '/projects', labelKey: 'projects.nav.projects', icon: <ProjectOutlined />, permission: 'project.read' },
  { key: 'problems', path: '/problems', labelKey: 'projects.nav.problems', icon: <AlertOutlined />, permission: 'problem.read' },
  { key: 'bulletins', path: '/bulletins', labelKey: 'bulletins.nav.bulletins', icon: <FileTextOutlined />, permission: 'problem.read' },
  { key: 'inbox', path: '/inbox', labelKey: 'bulletins.nav.inbox', icon: <InboxOutlined />, permission: 'problem.read' },
];

/** The entries a user may use, in order. */
export function navFor(permissions: readonly string[]): NavItem[] {
  return NAV_ITEMS.filter((n) => n.permission === null || permissions.includes(n.permission));
}
