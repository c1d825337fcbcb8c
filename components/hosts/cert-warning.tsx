import type { THost } from '@/lib/types/fleet';
import { Badge } from '../ui/badge';

export const CERT_WARN_DAYS = 30;

export type CertAlert = { which: 'client certificate' | 'CA certificate'; daysLeft: number; validTo: string };

/** Certificates of a host that expire within 30 days, or already have. */
export function certAlerts(host: Pick<THost, 'tls'>): CertAlert[] {
  const alerts: CertAlert[] = [];
  const cert = host.tls?.cert;
  const ca = host.tls?.ca;
  if (cert && cert.daysLeft <= CERT_WARN_DAYS)
    alerts.push({ which: 'client certificate', daysLeft: cert.daysLeft, validTo: cert.validTo });
  if (ca && ca.daysLeft <= CERT_WARN_DAYS)
    alerts.push({ which: 'CA certificate', daysLeft: ca.daysLeft, validTo: ca.validTo });
  return alerts;
}

export function certAlertText(alert: CertAlert): string {
  if (alert.daysLeft < 0) return `The ${alert.which} expired ${-alert.daysLeft} days ago`;
  if (alert.daysLeft === 0) return `The ${alert.which} expires today`;
  return `The ${alert.which} expires in ${alert.daysLeft} ${alert.daysLeft === 1 ? 'day' : 'days'}`;
}

export function CertWarnings({ host }: { host: Pick<THost, 'tls'> }) {
  const alerts = certAlerts(host);
  if (alerts.length === 0) return null;
  return (
    <ul className="flex flex-col gap-1">
      {alerts.map((a) => (
        <li key={a.which}>
          <Badge tone={a.daysLeft < 0 ? 'bad' : 'warn'} title={`valid until ${a.validTo}`}>
            {certAlertText(a)}
          </Badge>
        </li>
      ))}
    </ul>
  );
}

/** The short form for a table cell: `41 d`, `expired`, or `—` without TLS. */
export function CertExpiry({ host }: { host: Pick<THost, 'tls'> }) {
  const cert = host.tls?.cert;
  if (!cert) return <span className="text-muted">—</span>;
  const tone = cert.daysLeft < 0 ? 'bad' : cert.daysLeft <= CERT_WARN_DAYS ? 'warn' : 'neutral';
  const text = cert.daysLeft < 0 ? 'expired' : `${cert.daysLeft} d`;
  return (
    <Badge tone={tone} title={`client certificate valid until ${cert.validTo}`}>
      {text}
    </Badge>
  );
}
