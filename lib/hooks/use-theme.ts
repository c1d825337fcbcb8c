'use client';

import { useCallback, useLayoutEffect, useState } from 'react';

export type Theme = 'light' | 'dark';
const STORAGE_KEY = 'wharf-theme';

function preferred(): Theme {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // Storage may be unavailable; fall back to the system setting.
  }
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function apply(theme: Theme): void {
  document.documentElement.classList.toggle('dark', theme === 'dark');
}

/**
 * The theme, as /theme-init.js set it before the first paint. Re-applied in a layout effect because
 * React's development remount resets the <html> attributes the script set.
 */
export function useTheme(): { theme: Theme | null; toggle: () => void } {
  const [theme, setTheme] = useState<Theme | null>(null);

  useLayoutEffect(() => {
    const current = preferred();
    apply(current);
    setTheme(current);
    if (!window.matchMedia) return;
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => {
      const next = preferred();
      apply(next);
      setTheme(next);
    };
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);

  const toggle = useCallback(() => {
    const next: Theme = document.documentElement.classList.contains('dark') ? 'light' : 'dark';
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not saved; the choice still holds for this page.
    }
    apply(next);
    setTheme(next);
  }, []);

  return { theme, toggle };
}
