import { AppError } from '@/lib/errors';
import { route } from '@/lib/server/http/route';

const notFound = route({ permission: 'public' }, async ({ req }) => {
  throw new AppError('NOT_FOUND', `no API endpoint ${req.method} ${req.nextUrl.pathname}`);
});

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
