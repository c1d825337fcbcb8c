import { getHealth } from '@/lib/server/health';
import { route } from '@/lib/server/http/route';

export const GET = route({ permission: 'public' }, () => getHealth());
