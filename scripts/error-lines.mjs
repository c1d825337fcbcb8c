// The first lines of an error's text for a test run's summary: colours stripped, frames inside
// node_modules left out, each line indented and cut at 300 characters.

/** Up to `lines` lines of `text`, ready to print under the name of what failed. */
export function errorLines(text, lines = 6) {
  return (
    String(text ?? '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI colours of error texts
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .filter((l) => l.trim() && !l.includes('node_modules/'))
      .slice(0, lines)
      .map((l) => `      ${l.slice(0, 300)}`)
      .join('\n')
  );
}
