import { NextResponse } from 'next/server';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/server/http/route';
import { importServiceYaml } from '@/lib/server/services/save';
import { toService } from '@/lib/server/services/store';

const MAX_BYTES = 1_000_000;
const ZImportBody = z.strictObject({ yaml: z.string().min(1, 'yaml: give the spec as YAML text') });

/** The YAML text of the request: the body itself (text/yaml), or the `yaml` field of a JSON body. */
async function readYaml(req: Request): Promise<string> {
  const type = req.headers.get('content-type') ?? '';
  const isYaml = /^(text|application)\/(x-)?yaml\b/i.test(type);
  const isJson = /^application\/json\b/i.test(type);
  if (!isYaml && !isJson)
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'send the spec as YAML with Content-Type: text/yaml, or as JSON { "yaml": "..." } with Content-Type: application/json',
    );
  const text = await req.text();
  if (text.length > MAX_BYTES) throw new AppError('BAD_INPUT', 'the body is larger than 1 MB');
  if (isYaml) return text;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('BAD_INPUT', 'the body is not valid JSON');
  }
  const parsed = ZImportBody.safeParse(json);
  if (!parsed.success) {
    const parts = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
    throw new AppError('BAD_INPUT', `invalid body: ${parts.join('; ')}`);
  }
  return parsed.data.yaml;
}

/** Creates or updates the service a YAML spec names: 201 `{ created }` or 200 `{ updated }`. */
export const POST = route(
  { permission: 'services.manage', action: 'services.import' },
  async ({ req, principal, audit }) => {
    const { record, created, skippedHosts } = await importServiceYaml(await readYaml(req), principal);
    audit.target = `service:${record.name}`;
    audit.detail = { id: record.id, created, configHash: record.configHash, skippedHosts };
    const service = toService(record);
    return NextResponse.json(created ? { created: service } : { updated: service }, {
      status: created ? 201 : 200,
    });
  },
);
