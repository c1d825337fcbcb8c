'use client';

import { RouteError } from '@/components/shell/route-error';

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <div className="mx-auto mt-24 max-w-xl px-4">
      <RouteError error={error} retry={retry} area="The sign-in page" />
    </div>
  );
}
