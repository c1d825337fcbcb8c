import { z } from 'zod';
import { can } from '@/lib/auth/permissions';
import { ZHostRef } from '@/lib/schemas/common';
import { ZImageId, ZRemoveImageQuery } from '@/lib/schemas/images';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { inspectImage } from '@/lib/server/images/inspect';
import { removeImage } from '@/lib/server/images/remove';

/** `[id]` is an image id, an id prefix or a repository:tag, sent as one URL-encoded segment. */
const params = z.object({ host: ZHostRef, id: ZImageId });

export const GET = route({ permission: 'images.read', params }, async ({ params, principal }) =>
  inspectImage(await connectionFor(params.host), params.id, can(principal.role, 'containers.secrets')),
);

export const DELETE = route(
  { permission: 'images.delete', action: 'images.remove', params, query: ZRemoveImageQuery },
  async ({ params, query, audit }) => {
    audit.target = `image:${params.host}/${query.tag ?? params.id}`;
    audit.detail = query.tag ? { image: params.id, tag: query.tag } : { image: params.id };
    const result = await removeImage(await connectionFor(params.host), params.id, query.tag ?? null);
    audit.detail = { ...audit.detail, id: result.id, untagged: result.untagged, deleted: result.deleted };
    return result;
  },
);
