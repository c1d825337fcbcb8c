import { route } from '@/lib/server/http/route';
import { fleetLogSettings } from '@/lib/server/logs/settings';

/** Per host, how many containers have unbounded or unreadable logs. */
export const GET = route({ permission: 'containers.read' }, () => fleetLogSettings());
