import type { Metadata } from 'next';
import { Placeholder } from '@/components/shell/placeholder';

export const metadata: Metadata = { title: 'Volumes' };

export default function Page() {
  return (
    <Placeholder
      title="Volumes"
      summary="An inventory of volumes across hosts with delete protection, so data is never removed by mistake."
      details={[
        'Driver, labels, size, and which containers (running or stopped) use each volume; data-only containers and orphans.',
        'Protected volumes cannot be deleted until an admin lifts the protection with a reason; volumes in use cannot be deleted.',
        'Deleting a volume needs its name typed back and takes a backup first unless declined.',
        'List, download and restore backups.',
      ]}
    />
  );
}
