import { route } from '@/lib/server/http/route';
import { fleetPortConflicts } from '@/lib/server/ports/map';

export const GET = route({ permission: 'ports.read' }, () => fleetPortConflicts());
