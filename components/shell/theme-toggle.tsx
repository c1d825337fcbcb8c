'use client';

import { useTheme } from '@/lib/hooks/use-theme';

/** A toggle button: pressed means the dark theme is on. */
export function ThemeToggle() {
  const { theme, toggle } = useTheme();
  const dark = theme === 'dark';
  return (
    <button
      type="button"
      onClick={toggle}
      aria-pressed={theme === null ? undefined : dark}
      title={dark ? 'Dark theme is on' : 'Light theme is on'}
      className="grid size-7 place-items-center rounded-md border border-line text-muted hover:bg-raised hover:text-fg"
    >
      <span aria-hidden="true">{dark ? '☾' : '☀'}</span>
      <span className="sr-only">Dark theme</span>
    </button>
  );
}
