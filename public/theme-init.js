// Runs before first paint: applies the saved theme, or the system's when none is saved.
(function () {
  try {
    var saved = localStorage.getItem('wharf-theme');
    var dark = saved ? saved === 'dark' : window.matchMedia('(prefers-color-scheme: dark)').matches;
    document.documentElement.classList.toggle('dark', dark);
  } catch (e) {}
})();
