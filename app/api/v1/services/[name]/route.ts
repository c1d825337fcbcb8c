import { ZServiceParams } from '@/lib/schemas/releases';
import { ZServiceSpec } from '@/lib/schemas/services';
import { route } from '@/lib/server/http/route';
import { summarizeServices } from '@/lib/server/releases/summary';
import { saveServiceUpdate } from '@/lib/server/services/save';
import { deleteService, findServiceRecord, toService } from '@/lib/server/services/store';

export const GET = route({ permission: 'services.read', params: ZServiceParams }, async ({ params }) => {
  const [summary] = await summarizeServices([await findServiceRecord(params.name)]);
  return summary;
});

export const PUT = route(
  { permission: 'services.manage', action: 'services.update', params: ZServiceParams, body: ZServiceSpec },
  async ({ params, body, principal, audit }) => {
    audit.target = `service:${params.name}`;
    const { record, skippedHosts } = await saveServiceUpdate(
      await findServiceRecord(params.name),
      body,
      principal,
    );
    audit.detail = { id: record.id, configHash: record.configHash, skippedHosts };
    return toService(record);
  },
);

export const DELETE = route(
  { permission: 'services.manage', action: 'services.delete', params: ZServiceParams },
  async ({ params, audit }) => {
    audit.target = `service:${params.name}`;
    const record = await findServiceRecord(params.name);
    await deleteService(record);
    audit.detail = { id: record.id, configHash: record.configHash };
    return { deleted: true };
  },
);
