import { route } from '@/lib/server/http/route';
import { fleetImageView } from '@/lib/server/images/fleet';

export const GET = route({ permission: 'images.read' }, () => fleetImageView());
