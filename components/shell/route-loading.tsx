import { LoadingBlock, Skeleton } from '../ui/skeleton';

/** The shape of a page while its segment loads. */
export function RouteLoading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="flex flex-col gap-4">
      <Skeleton className="h-7 w-48" />
      <LoadingBlock label={label} rows={6} />
    </div>
  );
}
