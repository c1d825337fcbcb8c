import { streamFleetEvents } from '@/lib/server/docker/fleet-events';
import { route } from '@/lib/server/http/route';

export const dynamic = 'force-dynamic';

export const GET = route({ permission: 'events.read' }, async ({ req }) => streamFleetEvents(req.signal));
