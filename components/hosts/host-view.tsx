'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { isApiError } from '@/lib/queries/api';
import { useHost } from '@/lib/queries/hosts';
import { ContainersPanel } from '../containers/containers-panel';
import { HostImagesPanel } from '../images/host-images-panel';
import { HostLogSettingsNote } from '../logs/log-settings-notes';
import { HostNetworksPanel } from '../networks/host-networks-panel';
import { PortMapPanel } from '../ports/port-map-panel';
import { HostVolumesPanel } from '../volumes/host-volumes-panel';
import { HostHeader } from './host-header';

const TABS = [
  { id: 'containers', label: 'Containers' },
  { id: 'images', label: 'Images' },
  { id: 'volumes', label: 'Volumes' },
  { id: 'ports', label: 'Ports' },
  { id: 'networks', label: 'Networks' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/** A host's page: its summary, then its containers or its images, unless there is no such host. */
export function HostView({ hostRef }: { hostRef: string }) {
  const { error } = useHost(hostRef);
  const missing = isApiError(error) && error.status === 404;
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const tab: Tab = TABS.find((t) => t.id === params.get('tab'))?.id ?? 'containers';
  const select = (next: Tab) =>
    router.replace(next === 'containers' ? pathname : `${pathname}?tab=${next}`, { scroll: false });

  return (
    <div className="flex flex-col gap-5">
      <HostHeader hostRef={hostRef} />
      {missing ? null : <HostLogSettingsNote hostRef={hostRef} />}
      {missing ? null : (
        <div className="flex flex-col gap-3">
          <div role="tablist" aria-label="Host sections" className="flex gap-1 border-b border-line">
            {TABS.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                id={`tab-${t.id}`}
                aria-selected={tab === t.id}
                aria-controls={`panel-${t.id}`}
                tabIndex={tab === t.id ? 0 : -1}
                onClick={() => select(t.id)}
                onKeyDown={(e) => {
                  if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
                  const at = TABS.findIndex((x) => x.id === t.id);
                  const step = e.key === 'ArrowRight' ? 1 : TABS.length - 1;
                  const other = TABS[(at + step) % TABS.length];
                  if (!other) return;
                  select(other.id);
                  document.getElementById(`tab-${other.id}`)?.focus();
                }}
                className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${
                  tab === t.id
                    ? 'border-accent font-medium text-fg'
                    : 'border-transparent text-muted hover:text-fg'
                }`}
              >
                {t.label}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {tab === 'containers' ? <ContainersPanel hostRef={hostRef} /> : null}
            {tab === 'images' ? <HostImagesPanel hostRef={hostRef} /> : null}
            {tab === 'volumes' ? <HostVolumesPanel hostRef={hostRef} /> : null}
            {tab === 'ports' ? <PortMapPanel hostRef={hostRef} /> : null}
            {tab === 'networks' ? <HostNetworksPanel hostRef={hostRef} /> : null}
          </div>
        </div>
      )}
    </div>
  );
}
