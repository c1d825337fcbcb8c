import { route } from '@/lib/server/http/route';
import { fleetLineage } from '@/lib/server/images/lineage';

export const GET = route({ permission: 'images.read' }, () => fleetLineage());
