import { NextResponse } from 'next/server';
import { getHealth } from '@/lib/server/health';
import { route } from '@/lib/server/http/route';

/** 200 when this instance can serve; 503 while its database is away, so a load balancer passes it by. */
export const GET = route({ permission: 'public' }, async () => {
  const health = await getHealth();
  return NextResponse.json(health, {
    status: health.status === 'ok' ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
});
