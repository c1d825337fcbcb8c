import { z } from 'zod';
import { ZHostRef } from '@/lib/schemas/common';
import { ZProtectionBody, ZVolumeName } from '@/lib/schemas/volumes';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { protectVolume, unprotectVolume } from '@/lib/server/volumes/protection';

const params = z.object({ host: ZHostRef, name: ZVolumeName });

export const POST = route(
  { permission: 'volumes.protect', action: 'volumes.protect', params, body: ZProtectionBody },
  async ({ params, body, principal, audit }) => {
    audit.target = `volume:${params.host}/${params.name}`;
    audit.detail = { reason: body.reason };
    return protectVolume(await connectionFor(params.host), params.name, body.reason, principal.username);
  },
);

export const DELETE = route(
  { permission: 'volumes.unprotect', action: 'volumes.unprotect', params, body: ZProtectionBody },
  async ({ params, body, principal, audit }) => {
    audit.target = `volume:${params.host}/${params.name}`;
    audit.detail = { reason: body.reason };
    return unprotectVolume(await connectionFor(params.host), params.name, body.reason, principal.username);
  },
);
