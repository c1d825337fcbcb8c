import type { Permission } from '@/lib/auth/permissions';

export type NavItem = { href: string; label: string; permission?: Permission; built: boolean };

/** The areas of Wharf, in the order ops staff reach for them. */
export const NAV_ITEMS: NavItem[] = [
  { href: '/', label: 'Overview', built: true },
  { href: '/hosts', label: 'Hosts', built: true },
  { href: '/images', label: 'Images', built: true },
  { href: '/registries', label: 'Registries', permission: 'registries.read', built: true },
  { href: '/services', label: 'Services & releases', built: true },
  { href: '/approvals', label: 'Approvals', permission: 'releases.approve', built: true },
  { href: '/logs', label: 'Logs', built: true },
  { href: '/volumes', label: 'Volumes', permission: 'volumes.read', built: true },
  { href: '/ports', label: 'Ports', permission: 'ports.read', built: true },
  { href: '/networks', label: 'Networks', permission: 'networks.read', built: true },
  { href: '/audit', label: 'Audit', permission: 'audit.read', built: true },
  { href: '/settings', label: 'Settings', built: true },
];

export function isActive(pathname: string, href: string): boolean {
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`);
}
