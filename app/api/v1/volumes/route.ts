import { route } from '@/lib/server/http/route';
import { fleetVolumes } from '@/lib/server/volumes/inventory';

export const GET = route({ permission: 'volumes.read' }, () => fleetVolumes());
