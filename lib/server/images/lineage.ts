import 'server-only';
import { buildLineage, type LineageContainer, type LineageImage } from '@/lib/images/lineage';
import { mapLimit } from '@/lib/map-limit';
import { fanOut } from '@/lib/server/docker/fanout';
import { allConnections } from '@/lib/server/hosts/store';
import type { TLineage } from '@/lib/types/images';
import { listHostImages } from './host-images';
import { imageLayers } from './inspect';

/** Layer reads in flight per host; each image is read once, then cached by its id. */
const LAYER_CONCURRENCY = 8;

/** `GET /api/v1/images/lineage`: the fleet's images as a forest, base OS -> middleware -> app. */
export async function fleetLineage(): Promise<TLineage> {
  const results = await fanOut(await allConnections(), async (conn) => {
    const images = await listHostImages(conn);
    const layers = await mapLimit(images, LAYER_CONCURRENCY, (image) => imageLayers(conn, image.id));
    return images.map((image, i) => ({ image, layers: layers[i] ?? [] }));
  });
  const merged = new Map<string, LineageImage>();
  const containers: LineageContainer[] = [];
  const errors: TLineage['errors'] = [];
  for (const r of results) {
    if (!r.ok) {
      errors.push({ host: r.host.name, message: r.error.message });
      continue;
    }
    for (const { image, layers } of r.data) {
      const entry: LineageImage = merged.get(image.id) ?? {
        id: image.id,
        refs: [],
        hosts: [],
        layers,
        labels: image.labels,
      };
      entry.hosts.push(r.host.name);
      for (const ref of image.repoTags) if (!entry.refs.includes(ref)) entry.refs.push(ref);
      merged.set(image.id, entry);
      for (const c of image.containers) {
        containers.push({ imageId: image.id, service: c.service, state: c.state });
      }
    }
  }
  return { nodes: buildLineage([...merged.values()], containers), errors };
}
