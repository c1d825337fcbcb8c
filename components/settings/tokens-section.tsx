'use client';

import { useState } from 'react';
import { formatAgo, formatDate } from '@/lib/format';
import { useCurrentUser } from '@/lib/hooks/use-current-user';
import { type TApiToken, type TCreatedToken, useRevokeToken, useTokens } from '@/lib/queries/tokens';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/dialog';
import { ErrorPanel } from '../ui/error-panel';
import { Section } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { TableFrame, TableHead, tableClass, tdClass } from '../ui/table';
import { toast } from '../ui/toast';
import { CreateTokenForm } from './create-token-form';
import { TokenReveal } from './token-reveal';

function tokenState(t: TApiToken, now: number): { text: string; tone: 'ok' | 'bad' | 'neutral' } {
  if (t.revokedAt) return { text: 'revoked', tone: 'neutral' };
  if (t.expiresAt && Date.parse(t.expiresAt) <= now) return { text: 'expired', tone: 'neutral' };
  return { text: 'active', tone: 'ok' };
}

export function TokensSection() {
  const user = useCurrentUser();
  const { data: tokens, error, isPending, refetch, dataUpdatedAt } = useTokens();
  const revoke = useRevokeToken();
  const [created, setCreated] = useState<TCreatedToken | null>(null);
  const [revoking, setRevoking] = useState<TApiToken | null>(null);
  const showOwner = user.role === 'admin';

  return (
    <Section title="Your API tokens">
      <div className="flex flex-col gap-4">
        <p className="text-sm text-muted">
          Tokens let scripts and CI call the API as you, with the role you choose here or lower.
          {showOwner ? ' As an admin you also see and can revoke everyone’s tokens.' : ''}
        </p>
        {created ? (
          <TokenReveal created={created} onDone={() => setCreated(null)} />
        ) : (
          <CreateTokenForm ownRole={user.role} onCreated={setCreated} />
        )}
        {isPending ? (
          <LoadingBlock label="Loading tokens…" rows={2} />
        ) : !tokens ? (
          <ErrorPanel title="The tokens could not be read" error={error} onRetry={() => void refetch()} />
        ) : tokens.length === 0 ? (
          <p className="text-sm text-muted">No tokens yet.</p>
        ) : (
          <TableFrame>
            <table className={tableClass} aria-label="API tokens">
              <TableHead
                columns={[
                  'Name',
                  'Role',
                  'Prefix',
                  ...(showOwner ? ['Owner'] : []),
                  'Created',
                  'Expires',
                  'Last used',
                  'State',
                ]}
                actions
              />
              <tbody>
                {tokens.map((t) => {
                  const state = tokenState(t, dataUpdatedAt);
                  return (
                    <tr key={t.id} className={state.text === 'active' ? '' : 'text-muted'}>
                      <td className={`${tdClass} max-w-48 truncate`} title={t.name}>
                        {t.name}
                      </td>
                      <td className={tdClass}>
                        <Badge>{t.role}</Badge>
                      </td>
                      <td className={`${tdClass} font-mono text-xs`}>{t.prefix}…</td>
                      {showOwner ? <td className={tdClass}>{t.owner}</td> : null}
                      <td className={tdClass}>{formatDate(t.createdAt)}</td>
                      <td className={tdClass}>{t.expiresAt ? formatDate(t.expiresAt) : 'never'}</td>
                      <td className={tdClass}>{t.lastUsedAt ? formatAgo(t.lastUsedAt) : 'never'}</td>
                      <td className={tdClass}>
                        <Badge tone={state.tone}>{state.text}</Badge>
                      </td>
                      <td className={`${tdClass} text-right`}>
                        {state.text === 'active' ? (
                          <Button
                            size="sm"
                            variant="ghost"
                            aria-label={`Revoke ${t.name}`}
                            onClick={() => setRevoking(t)}
                          >
                            Revoke
                          </Button>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableFrame>
        )}
      </div>
      <ConfirmDialog
        open={revoking !== null}
        danger
        title={`Revoke the token ${revoking?.name ?? ''}?`}
        description="Scripts using it are refused from now on. This cannot be undone; make a new token if needed."
        onCancel={() => setRevoking(null)}
        onConfirm={() => {
          const t = revoking;
          setRevoking(null);
          if (t) revoke.mutate(t.id, { onSuccess: () => toast.success(`Token ${t.name} revoked`) });
        }}
      />
    </Section>
  );
}
