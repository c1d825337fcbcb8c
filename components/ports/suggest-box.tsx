'use client';

import { type FormEvent, type ReactNode, useState } from 'react';
import type { TSuggestParams } from '@/lib/queries/ports';
import { ZSuggestQuery } from '@/lib/schemas/ports';
import type { TPortProto, TPortSuggestion } from '@/lib/types/ports';
import { Button, Spinner } from '../ui/button';
import { FormError, inputClass } from '../ui/field';

import { PROTOS } from './claims-model';

/** The shared input look, at the width the caller gives. */
const narrowInput = inputClass.replace('w-full ', '');

type Props = {
  onAsk: (params: TSuggestParams) => void;
  result: TPortSuggestion | undefined;
  pending: boolean;
  error: Error | null;
  /** Given to operators and above: each suggested port gets a Reserve button. */
  onReserve?: (port: number, proto: TPortProto) => void;
  /** Brings the suggested ports into view on the picture. */
  onShow: (ports: number[]) => void;
};

function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <label htmlFor={id} className="text-xs font-medium text-muted">
        {label}
      </label>
      {children}
    </div>
  );
}

/** "What is free near 9000?": the lowest ports in a range that nothing binds, claims or reserves. */
export function SuggestBox({ onAsk, result, pending, error, onReserve, onShow }: Props) {
  const [from, setFrom] = useState('9000');
  const [to, setTo] = useState('9999');
  const [proto, setProto] = useState<TPortProto>('tcp');
  const [count, setCount] = useState('5');
  const [invalid, setInvalid] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = ZSuggestQuery.safeParse({ from, to, proto, count });
    if (!parsed.success) {
      setInvalid(parsed.error.issues[0]?.message ?? 'Check the range');
      return;
    }
    setInvalid(null);
    onAsk(parsed.data);
  };

  return (
    <section aria-label="Suggest a free port" className="flex flex-col gap-2" data-testid="suggest-box">
      <h3 className="text-sm font-semibold">What is free?</h3>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <Field id="suggest-from" label="From">
          <input
            id="suggest-from"
            inputMode="numeric"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            className={`${narrowInput} w-20 tabular-nums`}
          />
        </Field>
        <Field id="suggest-to" label="To">
          <input
            id="suggest-to"
            inputMode="numeric"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            className={`${narrowInput} w-20 tabular-nums`}
          />
        </Field>
        <Field id="suggest-proto" label="Protocol">
          <select
            id="suggest-proto"
            value={proto}
            onChange={(e) => setProto(e.target.value as TPortProto)}
            className={`${narrowInput} w-20`}
          >
            {PROTOS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </Field>
        <Field id="suggest-count" label="How many">
          <input
            id="suggest-count"
            inputMode="numeric"
            value={count}
            onChange={(e) => setCount(e.target.value)}
            className={`${narrowInput} w-16 tabular-nums`}
          />
        </Field>
        <Button type="submit" variant="primary" pending={pending}>
          Suggest
        </Button>
      </form>
      <FormError message={invalid ?? error?.message} />
      {pending && !result ? (
        <p role="status" className="inline-flex items-center gap-2 text-xs text-muted">
          <Spinner /> Looking for free ports…
        </p>
      ) : null}
      {result ? (
        result.ports.length === 0 ? (
          <p role="status" className="text-sm">
            No free {result.proto} port in {result.from}–{result.to}: every one is bound, claimed or reserved.
          </p>
        ) : (
          <div role="status" className="flex flex-col gap-1">
            <p className="text-xs text-muted">
              Free {result.proto} ports in {result.from}–{result.to}, lowest first{' '}
              <button
                type="button"
                onClick={() => onShow(result.ports)}
                className="text-accent hover:underline"
              >
                show them on the picture
              </button>
              :
            </p>
            <ul className="flex flex-wrap gap-2" aria-label="Suggested ports">
              {result.ports.map((p) => (
                <li
                  key={p}
                  data-testid="suggested-port"
                  data-port={p}
                  className="inline-flex items-center gap-1 rounded-md border border-sky-300 bg-sky-50 py-0.5 pr-0.5 pl-2 dark:border-sky-800 dark:bg-sky-950"
                >
                  <span className="font-mono text-xs font-semibold tabular-nums">{p}</span>
                  {onReserve ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => onReserve(p, result.proto)}
                      aria-label={`Reserve ${p}/${result.proto}`}
                    >
                      Reserve
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        )
      ) : null}
    </section>
  );
}
