import { logReadability } from '@/lib/logs/readability';
import type { TContainerDetail } from '@/lib/types/fleet';
import { Section } from '../ui/page-header';
import { Facts, Mono } from './detail-parts';

/** The log driver and its options; json-file without max-size grows until the disk is full. */
export function LoggingSection({ log }: { log: TContainerDetail['logConfig'] }) {
  const options = Object.entries(log.config);
  const readable = logReadability(log.type, log.config);
  return (
    <Section title="Logging">
      <div className="flex flex-col gap-2">
        {log.unbounded ? (
          <p
            role="note"
            className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/60 dark:text-amber-200"
          >
            <strong>Unbounded logs:</strong> the {log.type} driver has no max-size, so this container’s log
            file grows without limit. Set <Mono>--log-opt max-size=…</Mono> and <Mono>max-file=…</Mono> on the
            container.
          </p>
        ) : null}
        {readable.message ? (
          <p
            role="note"
            className={readable.readable ? 'text-sm text-muted' : 'text-sm text-red-800 dark:text-red-300'}
          >
            {readable.readable ? 'Note: ' : 'Wharf cannot show these logs: '}
            {readable.message}
          </p>
        ) : null}
        <Facts
          items={[
            ['Driver', <Mono key="d">{log.type}</Mono>],
            [
              'Options',
              options.length ? (
                <span key="o" className="flex flex-col">
                  {options.map(([k, v]) => (
                    <Mono key={k}>{`${k}=${v}`}</Mono>
                  ))}
                </span>
              ) : (
                'none'
              ),
            ],
          ]}
        />
      </div>
    </Section>
  );
}
