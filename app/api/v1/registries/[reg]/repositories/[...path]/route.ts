import { z } from 'zod';
import { ZRegistryRef } from '@/lib/schemas/common';
import { ZRepositorySubpath, ZTagQuery } from '@/lib/schemas/registries';
import { route } from '@/lib/server/http/route';
import { manifestOf, parseRepositoryTarget, tagNamesOf, tagPageOf } from '@/lib/server/registry/browse';

/** `{repository}/tags[?details=false]` or `{repository}/manifests/{tag|digest}`. */
export const GET = route(
  {
    permission: 'registries.read',
    params: z.object({ reg: ZRegistryRef, path: ZRepositorySubpath }),
    query: ZTagQuery,
  },
  ({ params, query }) => {
    const target = parseRepositoryTarget(params.path);
    if (target.kind === 'manifest') return manifestOf(params.reg, target.path, target.reference);
    return query.details === 'false'
      ? tagNamesOf(params.reg, target.path)
      : tagPageOf(params.reg, target.path);
  },
);
