// Runs before first paint: applies the saved theme, or the system's when none is saved.
(() => {
  try {
    const saved = localStorage.getItem('wharf-theme');
    const dark = saved ? saved === 'dark' : window.matchMedia('(prefers-color-scheme: dark)').matches;
    document.documentElement.classList.toggle('dark', dark);
  } catch {
    // No storage or no matchMedia: the light theme stays.
  }
})();
