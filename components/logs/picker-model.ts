/**
 * The Logs page's quick picker: services, hosts and containers matched by a few typed letters, best
 * first, so two keystrokes and Enter reach a stream. Pure.
 */

export type TPickItem =
  | { kind: 'service'; service: string; detail: string }
  | { kind: 'container'; host: string; container: string; state: string; service: string | null }
  | { kind: 'host'; host: string; detail: string };

export function pickLabel(item: TPickItem): string {
  if (item.kind === 'service') return item.service;
  if (item.kind === 'host') return item.host;
  return item.container;
}

export function pickKey(item: TPickItem): string {
  if (item.kind === 'service') return `s:${item.service}`;
  if (item.kind === 'host') return `h:${item.host}`;
  return `c:${item.host}/${item.container}`;
}

/** What is matched besides the label: a container also by its host and service. */
function haystacks(item: TPickItem): string[] {
  if (item.kind === 'container')
    return [item.container, `${item.host}/${item.container}`, ...(item.service ? [item.service] : [])];
  return [pickLabel(item)];
}

const isWordStart = (text: string, i: number) => i === 0 || /[^a-z0-9]/.test(text[i - 1] as string);

/**
 * How well the query matches the text, higher is better, or -1: the whole text, a prefix, a word's
 * start, a substring, then the letters in order (each letter at a word's start counting more).
 */
export function fuzzyScore(query: string, text: string): number {
  const q = query.toLowerCase();
  const t = text.toLowerCase();
  if (!q) return 0;
  if (t === q) return 1000;
  if (t.startsWith(q)) return 900 - t.length / 100;
  const at = t.indexOf(q);
  if (at >= 0) return (isWordStart(t, at) ? 800 : 600) - at - t.length / 100;
  // Letters in order.
  let score = 300;
  let from = 0;
  let last = -1;
  for (const ch of q) {
    const i = t.indexOf(ch, from);
    if (i < 0) return -1;
    if (isWordStart(t, i)) score += 10;
    if (last >= 0 && i === last + 1) score += 5;
    score -= i - from;
    last = i;
    from = i + 1;
  }
  return Math.max(1, score - t.length / 100);
}

const KIND_BONUS: Record<TPickItem['kind'], number> = { service: 3, container: 2, host: 1 };
/** Running containers first: those are the ones whose logs move. */
const stateBonus = (item: TPickItem) => (item.kind === 'container' && item.state === 'running' ? 0.5 : 0);

/** The items that match, best first; all of them (services first) for an empty query. */
export function pick(items: readonly TPickItem[], query: string, limit = 50): TPickItem[] {
  const q = query.trim();
  const scored: { item: TPickItem; score: number }[] = [];
  for (const item of items) {
    const score = q ? Math.max(...haystacks(item).map((h) => fuzzyScore(q, h))) : 0;
    if (score < 0) continue;
    scored.push({ item, score: score + KIND_BONUS[item.kind] + stateBonus(item) });
  }
  scored.sort((a, b) => b.score - a.score || pickLabel(a.item).localeCompare(pickLabel(b.item)));
  return scored.slice(0, limit).map((s) => s.item);
}
