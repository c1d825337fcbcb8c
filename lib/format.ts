/** Small formatting helpers for the browser. Pure, no locale surprises: units are fixed. */
import type { TPort } from '@/lib/types/fleet';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** A span of time as the two largest units: `3 d 4 h`, `5 min`, `12 s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}

export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  const diff = now - t;
  if (diff < 0) return `in ${formatDuration(-diff)}`;
  if (diff < 5000) return 'just now';
  return `${formatDuration(diff)} ago`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2025-11-25 19:15:03` in the browser's time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatDate(iso: string | null | undefined): string {
  return formatDateTime(iso).slice(0, 10);
}

/** `127.0.0.1:18180→8080/tcp`, `[::]:80→80/tcp`, or `8080/tcp` when not published. */
export function formatPort(port: TPort): string {
  const inside = `${port.privatePort}/${port.type}`;
  if (port.publicPort === null) return inside;
  const ip = port.ip ? (port.ip.includes(':') ? `[${port.ip}]` : port.ip) : '0.0.0.0';
  return `${ip}:${port.publicPort}→${inside}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `12 tags`, or `3 of 12 tags` while a filter hides some; `counted` words a count. */
export function shownOf(shown: number, total: number, counted: (n: number) => string): string {
  return shown === total ? counted(total) : `${shown} of ${counted(total)}`;
}

/**
 * The detail of Docker's status line, without the state word the state column already shows:
 * `Exited (0) 3 minutes ago` → `exit 0 · 3 minutes ago`, `Up 2 hours (healthy)` → `Up 2 hours`.
 */
export function statusDetail(status: string): string {
  const coded = /^(?:Exited|Restarting) \((-?\d+)\) (.+)$/.exec(status);
  if (coded) return `exit ${coded[1]} · ${coded[2]}`;
  if (status === 'Created') return 'never started';
  const up = /^Up (.+?)(?: \((?:healthy|unhealthy|health: starting)\))?(?: \(Paused\))?$/.exec(status);
  if (up) return `Up ${up[1]}`;
  if (status.startsWith('Removal In Progress')) return 'being removed';
  if (/^Dead$/.test(status)) return '';
  return status;
}

/** Docker lists an image by its ID when its tag has moved; show that ID short. */
export function imageLabel(image: string): string {
  return image.startsWith('sha256:') ? `sha256:${image.slice(7, 19)}` : image;
}

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** Parses `key=value` lines; blank lines and `#` comments are skipped. */
export function parseLabelLines(text: string): { labels: Record<string, string>; errors: string[] } {
  const labels: Record<string, string> = {};
  const errors: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq <= 0) {
      errors.push(`line ${i + 1}: write labels as key=value`);
      return;
    }
    labels[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  });
  return { labels, errors };
}

export function labelLines(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
}
