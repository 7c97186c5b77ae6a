import { AuditOutlined, BankOutlined, CalendarOutlined, HomeOutlined, ShopOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import type { Permission } from '@zhengqi/contracts/permissions';
import type { ReactNode } from 'react';
import { AlertOutlined, FileTextOutlined, InboxOutlined, ProjectOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { BarChartOutlined, CalculatorOutlined, ContactsOutlined, FileDoneOutlined, FileSearchOutlined } from '@ant-design/icons';
import { SlidersOutlined } from '@ant-design/icons';
// The key-project entries' labels live with their module; loading them here names the entries before any page opens.
import '../modules/projects/project-messages';
import '../modules/projects/bulletin-messages';
import '../modules/admin/reference-lists-messages';
import '../modules/loans/loan-messages';
import '../modules/loans/products-messages';

/** A navigation entry: shown only when the user holds its permission; entries of one `group` sit together under its heading. */
export type NavItem = { key: string; path: string; labelKey: string; icon: ReactNode; permission: Permission | null; group?: NavGroup };

/** The menu groups: the label key of each one's heading. */
export const NAV_GROUPS = { loans: 'loans.nav.group' } as const;
export type NavGroup = keyof typeof NAV_GROUPS;

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
  { key: 'loans', path: '/loans', labelKey: 'loans.nav.applications', icon: <FileDoneOutlined />, permission: 'loan.read', group: 'loans' },
  { key: 'loan-calculator', path: '/loans/calculator', labelKey: 'loans.nav.calculator', icon: <CalculatorOutlined />, permission: 'loan.read', group: 'loans' },
  { key: 'loan-stats', path: '/loans/stats', labelKey: 'loans.nav.stats', icon: <BarChartOutlined />, permission: 'loan.stats', group: 'loans' },
  { key: 'loan-screening', path: '/loans/screening', labelKey: 'loans.nav.screening', icon: <FileSearchOutlined />, permission: 'loan.stats', group: 'loans' },
  { key: 'loan-desk', path: '/loans/desk', labelKey: 'loans.nav.desk', icon: <ContactsOutlined />, permission: 'loan.stats', group: 'loans' },
  { key: 'loan-products', path: '/loans/products', labelKey: 'loanProducts.nav', icon: <SlidersOutlined />, permission: 'loan.product', group: 'loans' },
];

/** A group in the menu: its heading's key and its entries. */
export type NavMenuGroup = { group: NavGroup; items: NavItem[] };

/** The menu in order: ungrouped entries as they are, each group once (where its first entry stands) with its entries. */
export function navMenu(items: readonly NavItem[]): Array<NavItem | NavMenuGroup> {
  const out: Array<NavItem | NavMenuGroup> = [];
  for (const n of items) {
    const g = n.group === undefined ? undefined : out.find((o): o is NavMenuGroup => 'items' in o && o.group === n.group);
    if (g !== undefined) {
      g.items.push(n);
    } else {
      out.push(n.group === undefined ? n : { group: n.group, items: [n] });
    }
  }
  return out;
}

/** The entries a user may use, in order. */
export function navFor(permissions: readonly string[]): NavItem[] {
  return NAV_ITEMS.filter((n) => n.permission === null || permissions.includes(n.permission));
}
