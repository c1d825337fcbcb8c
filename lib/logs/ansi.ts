/**
 * ANSI escape sequences in log text, parsed into styled segments. Only SGR (`ESC [ … m`) is kept, as
 * a style; every other escape sequence (cursor moves, erases, OSC titles and hyperlinks, charset
 * switches) is dropped. The result is plain data: text and a style, never markup, so the viewer
 * builds React elements from it and the text stays text. Pure.
 */

/** 0–255 is the xterm palette (0–15 the basic and bright colours); an RGB triple is truecolor. */
export type TAnsiColor = { index: number } | { rgb: [number, number, number] };

export type TAnsiStyle = {
  fg?: TAnsiColor;
  bg?: TAnsiColor;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
  strike?: boolean;
};

export type TAnsiSegment = { text: string; style: TAnsiStyle };

const ESC = '\u001b';
const CSI_C1 = '\u009b';

/** Whether the text has anything this module would change; most lines have none. */
export function hasAnsi(text: string): boolean {
  return text.includes(ESC) || text.includes(CSI_C1);
}

function isStyled(style: TAnsiStyle): boolean {
  return Object.keys(style).length > 0;
}

/** The colour of an extended (38/48) SGR parameter, and how many parameters it used. */
function extendedColor(params: number[][], at: number): { color?: TAnsiColor; used: number } {
  const head = params[at] ?? [];
  // Colon form in one parameter: 38:5:n, 38:2:r:g:b or 38:2:cs:r:g:b.
  if (head.length > 1) {
    const mode = head[1];
    if (mode === 5) {
      const n = head[2];
      return { color: n !== undefined && n >= 0 && n <= 255 ? { index: n } : undefined, used: 1 };
    }
    if (mode === 2) {
      const rgb = head.length >= 6 ? head.slice(3, 6) : head.slice(2, 5);
      return { color: rgbColor(rgb), used: 1 };
    }
    return { used: 1 };
  }
  // Semicolon form across parameters: 38;5;n or 38;2;r;g;b.
  const mode = params[at + 1]?.[0];
  if (mode === 5) {
    const n = params[at + 2]?.[0];
    return { color: n !== undefined && n >= 0 && n <= 255 ? { index: n } : undefined, used: 3 };
  }
  if (mode === 2) {
    const rgb = [params[at + 2]?.[0], params[at + 3]?.[0], params[at + 4]?.[0]];
    return { color: rgbColor(rgb), used: 5 };
  }
  return { used: params.length - at };
}

function rgbColor(values: (number | undefined)[]): TAnsiColor | undefined {
  const [r, g, b] = values;
  if (r === undefined || g === undefined || b === undefined) return undefined;
  if (![r, g, b].every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) return undefined;
  return { rgb: [r, g, b] };
}

/** The style after one SGR sequence with these parameters (each a list of colon-separated parts). */
export function applySgr(style: TAnsiStyle, params: number[][]): TAnsiStyle {
  const next: TAnsiStyle = { ...style };
  if (params.length === 0) return {};
  for (let i = 0; i < params.length; i++) {
    const code = params[i]?.[0] ?? 0;
    if (code === 0) {
      for (const key of Object.keys(next) as (keyof TAnsiStyle)[]) delete next[key];
    } else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4 || code === 21) next.underline = true;
    else if (code === 7) next.inverse = true;
    else if (code === 9) next.strike = true;
    else if (code === 22) {
      delete next.bold;
      delete next.dim;
    } else if (code === 23) delete next.italic;
    else if (code === 24) delete next.underline;
    else if (code === 27) delete next.inverse;
    else if (code === 29) delete next.strike;
    else if (code >= 30 && code <= 37) next.fg = { index: code - 30 };
    else if (code === 39) delete next.fg;
    else if (code >= 40 && code <= 47) next.bg = { index: code - 40 };
    else if (code === 49) delete next.bg;
    else if (code >= 90 && code <= 97) next.fg = { index: code - 90 + 8 };
    else if (code >= 100 && code <= 107) next.bg = { index: code - 100 + 8 };
    else if (code === 38 || code === 48) {
      const { color, used } = extendedColor(params, i);
      if (color) {
        if (code === 38) next.fg = color;
        else next.bg = color;
      }
      i += used - 1;
    }
    // Anything else (blink, fonts, overline, …) is ignored.
  }
  return next;
}

function parseParams(raw: string): number[][] {
  if (raw === '') return [];
  return raw.split(';').map((p) => p.split(':').map((n) => (n === '' ? 0 : Number.parseInt(n, 10) || 0)));
}

/**
 * The end (exclusive) of the escape sequence that starts at `at` (an ESC or a C1 CSI), and for an
 * SGR its parameter text. A sequence cut off at the end of the text runs to the end.
 */
function scanEscape(text: string, at: number): { end: number; sgr: string | null } {
  let i = at;
  let csi = false;
  if (text[i] === CSI_C1) {
    csi = true;
    i++;
  } else {
    i++; // ESC
    const kind = text[i];
    if (kind === undefined) return { end: i, sgr: null };
    if (kind === '[') {
      csi = true;
      i++;
    } else if (kind === ']' || kind === 'P' || kind === '_' || kind === '^' || kind === 'X') {
      // OSC, DCS, APC, PM, SOS: up to BEL or ST (ESC \).
      i++;
      while (i < text.length) {
        if (text[i] === '\u0007') return { end: i + 1, sgr: null };
        if (text[i] === ESC && text[i + 1] === '\\') return { end: i + 2, sgr: null };
        i++;
      }
      return { end: i, sgr: null };
    } else {
      // ESC, any intermediate bytes (0x20–0x2f), then one final byte: `ESC ( B`, `ESC =`, `ESC 7`.
      while (i < text.length && text.charCodeAt(i) >= 0x20 && text.charCodeAt(i) <= 0x2f) i++;
      return { end: Math.min(i + 1, text.length), sgr: null };
    }
  }
  if (!csi) return { end: i, sgr: null };
  const start = i;
  // Parameter bytes 0x30–0x3f, intermediate bytes 0x20–0x2f, then a final byte 0x40–0x7e.
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c >= 0x40 && c <= 0x7e) {
      const params = text.slice(start, i);
      const isSgr = text[i] === 'm' && /^[\d;:]*$/.test(params);
      return { end: i + 1, sgr: isSgr ? params : null };
    }
    if (c < 0x20 || c > 0x3f) return { end: i, sgr: null };
    i++;
  }
  return { end: i, sgr: null };
}

/** The text split into runs of one style, escape sequences removed. Adjacent runs never share a style. */
export function parseAnsi(text: string): TAnsiSegment[] {
  if (!hasAnsi(text)) return text ? [{ text, style: {} }] : [];
  const out: TAnsiSegment[] = [];
  let style: TAnsiStyle = {};
  let buf = '';
  const push = () => {
    if (!buf) return;
    const last = out[out.length - 1];
    if (last && sameStyle(last.style, style)) last.text += buf;
    else out.push({ text: buf, style });
    buf = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch !== ESC && ch !== CSI_C1) {
      buf += ch;
      i++;
      continue;
    }
    const { end, sgr } = scanEscape(text, i);
    if (sgr !== null) {
      push();
      style = applySgr(style, parseParams(sgr));
    }
    i = Math.max(end, i + 1);
  }
  push();
  return out;
}

/** The text without any escape sequence: what search, filters and level detection look at. */
export function stripAnsi(text: string): string {
  if (!hasAnsi(text)) return text;
  return parseAnsi(text)
    .map((s) => s.text)
    .join('');
}

export function sameStyle(a: TAnsiStyle, b: TAnsiStyle): boolean {
  const ka = Object.keys(a) as (keyof TAnsiStyle)[];
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/** xterm's 16 basic colours, tuned to read on both the light and the dark theme. */
export const BASIC_COLORS = [
  '#4b5563', // black (a dark grey, so it shows on the dark theme)
  '#dc2626', // red
  '#16a34a', // green
  '#ca8a04', // yellow
  '#2563eb', // blue
  '#c026d3', // magenta
  '#0891b2', // cyan
  '#9ca3af', // white (a light grey, so it shows on the light theme)
  '#6b7280', // bright black
  '#ef4444', // bright red
  '#22c55e', // bright green
  '#eab308', // bright yellow
  '#3b82f6', // bright blue
  '#d946ef', // bright magenta
  '#06b6d4', // bright cyan
  '#d1d5db', // bright white
] as const;

const CUBE = [0, 95, 135, 175, 215, 255];

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** A CSS colour for an ANSI colour. */
export function ansiColorCss(color: TAnsiColor): string {
  if ('rgb' in color) return `#${color.rgb.map(hex).join('')}`;
  const n = color.index;
  if (n < 16) return BASIC_COLORS[n] ?? BASIC_COLORS[7];
  if (n < 232) {
    const v = n - 16;
    const r = CUBE[Math.floor(v / 36)] ?? 0;
    const g = CUBE[Math.floor(v / 6) % 6] ?? 0;
    const b = CUBE[v % 6] ?? 0;
    return `#${hex(r)}${hex(g)}${hex(b)}`;
  }
  const grey = 8 + (n - 232) * 10;
  return `#${hex(grey)}${hex(grey)}${hex(grey)}`;
}

export type TCssStyle = {
  color?: string;
  backgroundColor?: string;
  fontWeight?: number;
  opacity?: number;
  fontStyle?: 'italic';
  textDecoration?: string;
};

/** The inline CSS of a style (React's `style` prop), or undefined for plain text. */
export function ansiCss(style: TAnsiStyle): TCssStyle | undefined {
  if (!isStyled(style)) return undefined;
  const css: TCssStyle = {};
  let fg = style.fg ? ansiColorCss(style.fg) : undefined;
  let bg = style.bg ? ansiColorCss(style.bg) : undefined;
  if (style.inverse) {
    [fg, bg] = [bg ?? 'var(--color-bg, #fff)', fg ?? 'var(--color-fg, #111)'];
  }
  if (fg) css.color = fg;
  if (bg) css.backgroundColor = bg;
  if (style.bold) css.fontWeight = 700;
  if (style.dim) css.opacity = 0.65;
  if (style.italic) css.fontStyle = 'italic';
  const deco = [style.underline ? 'underline' : '', style.strike ? 'line-through' : ''].filter(Boolean);
  if (deco.length) css.textDecoration = deco.join(' ');
  return css;
}
