import type { Metadata } from 'next';
import { Placeholder } from '@/components/shell/placeholder';

export const metadata: Metadata = { title: 'Images' };

export default function Page() {
  return (
    <Placeholder
      title="Images"
      summary="Images and tags per host and across the fleet, with private registry browsing and drift where one tag means different images on different hosts."
      details={[
        'List images and tags per host and fleet-wide, and browse a private registry v2: catalog, tags, digests, sizes and labels.',
        'Show app images tagged by Git SHA with their OCI source and revision labels.',
        'Flag drift: a tag that means different image IDs on different hosts, or has moved in the registry since it was deployed.',
        'Show lineage base OS → middleware → app, with a warning past three levels.',
        'Pull images, and remove unused images with guards.',
      ]}
    />
  );
}
