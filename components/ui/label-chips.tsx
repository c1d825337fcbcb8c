/** Labels as `key=value` chips. Keys and values are untrusted text and are only ever rendered as text. */
export function LabelChips({ labels, max = 6 }: { labels: Record<string, string>; max?: number }) {
  const entries = Object.entries(labels);
  if (entries.length === 0) return <span className="text-muted">—</span>;
  const shown = entries.slice(0, max);
  return (
    <ul className="flex flex-wrap gap-1">
      {shown.map(([key, value]) => (
        <li
          key={key}
          title={`${key}=${value}`}
          className="max-w-56 truncate rounded border border-line bg-raised px-1.5 font-mono text-[11px] leading-5"
        >
          {key}
          {value ? <span className="text-muted">={value}</span> : null}
        </li>
      ))}
      {entries.length > max ? <li className="text-xs text-muted">+{entries.length - max} more</li> : null}
    </ul>
  );
}
