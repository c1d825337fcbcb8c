import 'server-only';
import { digestFor } from '@/lib/images/drift';
import { parseReference } from '@/lib/images/reference';
import { fanOut } from '@/lib/server/docker/fanout';
import { allConnections } from '@/lib/server/hosts/store';
import { listHostImages } from './host-images';

/** Where each digest of a repository runs: the hosts with a running container on it, and their services. */
export async function locateDigests(
  repository: string,
): Promise<Map<string, { hosts: string[]; services: string[] }>> {
  const normalized = parseReference(repository).repository;
  const results = await fanOut(await allConnections(), listHostImages);
  const out = new Map<string, { hosts: Set<string>; services: Set<string> }>();
  for (const r of results) {
    if (!r.ok) continue;
    for (const image of r.data) {
      const digest = digestFor(normalized, image.repoDigests);
      if (!digest) continue;
      const running = image.containers.filter((c) => c.state === 'running');
      if (running.length === 0) continue;
      const entry = out.get(digest) ?? { hosts: new Set(), services: new Set() };
      entry.hosts.add(r.host.name);
      for (const c of running) if (c.service) entry.services.add(c.service);
      out.set(digest, entry);
    }
  }
  return new Map(
    [...out.entries()].map(([d, e]) => [d, { hosts: [...e.hosts].sort(), services: [...e.services].sort() }]),
  );
}
