import { route } from '@/lib/server/http/route';
import { fleetNetworks } from '@/lib/server/networks/list';

export const GET = route({ permission: 'networks.read' }, () => fleetNetworks());
