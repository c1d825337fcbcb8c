import { ZServiceParams } from '@/lib/schemas/releases';
import { route } from '@/lib/server/http/route';
import { findServiceRecord, maskSpec } from '@/lib/server/services/store';
import { specToYaml } from '@/lib/services/yaml';

/** The spec as YAML with secret values masked; importing it again keeps the saved secrets. */
export const GET = route({ permission: 'services.read', params: ZServiceParams }, async ({ params }) => {
  const record = await findServiceRecord(params.name);
  return new Response(specToYaml(maskSpec(record.spec)), {
    headers: {
      'content-type': 'text/yaml; charset=utf-8',
      'content-disposition': `attachment; filename="${record.name}.yaml"`,
      'cache-control': 'no-store',
    },
  });
});
