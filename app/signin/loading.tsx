import { RouteLoading } from '@/components/shell/route-loading';

export default function Loading() {
  return (
    <div className="mx-auto mt-24 w-80">
      <RouteLoading label="Loading the sign-in page…" />
    </div>
  );
}
