import type { SpecErrors } from './service-form-model';

/** Where a path sits in the form, in words a person reads: `ports.0.host` → `ports › row 1 › host`. */
export function pathLabel(path: string): string {
  return path
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? `row ${Number(part) + 1}` : part))
    .join(' › ');
}

/** Every error of a spec, the form's own first; each names the field it is about. */
export function ErrorList({ title, errors }: { title: string; errors: SpecErrors }) {
  const entries = Object.entries(errors).sort(([a], [b]) => (a === 'form' ? -1 : b === 'form' ? 1 : 0));
  return (
    <div
      role="alert"
      data-testid="spec-errors"
      className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200"
    >
      <p className="font-medium">{title}</p>
      <ul className="mt-1 list-disc pl-5">
        {entries.map(([path, message]) => (
          <li key={path} className="break-words">
            {path === 'form' ? (
              message
            ) : (
              <>
                <code className="font-mono text-xs">{pathLabel(path)}</code>:{' '}
                {message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message}
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
