import { describe, expect, it } from 'vitest';
import { ansiColorCss, ansiCss, hasAnsi, parseAnsi, stripAnsi } from './ansi';

const E = '\u001b';

describe('parseAnsi', () => {
  it('leaves plain text as one unstyled segment', () => {
    expect(parseAnsi('hello <b>world</b>')).toEqual([{ text: 'hello <b>world</b>', style: {} }]);
    expect(parseAnsi('')).toEqual([]);
    expect(hasAnsi('plain')).toBe(false);
  });

  it('reads the 16 basic and bright colours, foreground and background', () => {
    expect(parseAnsi(`${E}[31mred${E}[0m plain`)).toEqual([
      { text: 'red', style: { fg: { index: 1 } } },
      { text: ' plain', style: {} },
    ]);
    expect(parseAnsi(`${E}[92;104mx`)).toEqual([
      { text: 'x', style: { fg: { index: 10 }, bg: { index: 12 } } },
    ]);
    expect(parseAnsi(`${E}[42mbg${E}[49mno`)).toEqual([
      { text: 'bg', style: { bg: { index: 2 } } },
      { text: 'no', style: {} },
    ]);
  });

  it('reads 256-colour and truecolor, with semicolons or colons', () => {
    expect(parseAnsi(`${E}[38;5;196ma`)[0]?.style).toEqual({ fg: { index: 196 } });
    expect(parseAnsi(`${E}[48;5;22ma`)[0]?.style).toEqual({ bg: { index: 22 } });
    expect(parseAnsi(`${E}[38;2;10;20;30ma`)[0]?.style).toEqual({ fg: { rgb: [10, 20, 30] } });
    expect(parseAnsi(`${E}[48:2::1:2:3ma`)[0]?.style).toEqual({ bg: { rgb: [1, 2, 3] } });
    expect(parseAnsi(`${E}[38:5:33ma`)[0]?.style).toEqual({ fg: { index: 33 } });
    // A colour with its parameters followed by another attribute.
    expect(parseAnsi(`${E}[38;2;1;2;3;1ma`)[0]?.style).toEqual({ fg: { rgb: [1, 2, 3] }, bold: true });
  });

  it('ignores out-of-range colours without losing the text', () => {
    expect(parseAnsi(`${E}[38;5;300mx`)).toEqual([{ text: 'x', style: {} }]);
    expect(parseAnsi(`${E}[38;2;999;0;0mx`)).toEqual([{ text: 'x', style: {} }]);
    expect(parseAnsi(`${E}[38;2mx`)).toEqual([{ text: 'x', style: {} }]);
  });

  it('reads bold, dim, italic, underline and their resets', () => {
    const segs = parseAnsi(`${E}[1;3;4mA${E}[22mB${E}[23;24mC${E}[2mD${E}[mE`);
    expect(segs).toEqual([
      { text: 'A', style: { bold: true, italic: true, underline: true } },
      { text: 'B', style: { italic: true, underline: true } },
      { text: 'C', style: {} },
      { text: 'D', style: { dim: true } },
      { text: 'E', style: {} },
    ]);
  });

  it('keeps a style across sequences that do not change it and merges equal runs', () => {
    expect(parseAnsi(`${E}[31ma${E}[31mb${E}[1m${E}[22mc`)).toEqual([
      { text: 'abc', style: { fg: { index: 1 } } },
    ]);
  });

  it('strips every other escape sequence', () => {
    const text = `${E}[2K${E}[1A${E}[?25l${E}]0;title\u0007${E}]8;;http://x${E}\\link${E}]8;;${E}\\${E}(B${E}=done`;
    expect(stripAnsi(text)).toBe('linkdone');
    expect(parseAnsi(`a${E}[10;20Hb`)).toEqual([{ text: 'ab', style: {} }]);
    expect(parseAnsi(`\u009b31mred`)).toEqual([{ text: 'red', style: { fg: { index: 1 } } }]);
  });

  it('survives sequences cut off at the end of the line', () => {
    expect(stripAnsi(`abc${E}[31`)).toBe('abc');
    expect(stripAnsi(`abc${E}`)).toBe('abc');
    expect(stripAnsi(`abc${E}]0;unterminated`)).toBe('abc');
  });

  it('keeps HTML inside coloured text as text', () => {
    const segs = parseAnsi(`${E}[31m<img src=x onerror=alert(1)>${E}[0m<script>alert(1)</script>`);
    expect(segs.map((s) => s.text)).toEqual(['<img src=x onerror=alert(1)>', '<script>alert(1)</script>']);
    expect(JSON.stringify(segs)).not.toContain('span');
  });

  it('does not let a malformed SGR with other bytes be read as a style', () => {
    expect(parseAnsi(`${E}[31;<mx`)).toEqual([{ text: 'x', style: {} }]);
  });
});

describe('ansiColorCss and ansiCss', () => {
  it('maps palette and truecolor colours to CSS', () => {
    expect(ansiColorCss({ index: 1 })).toMatch(/^#[0-9a-f]{6}$/);
    expect(ansiColorCss({ index: 16 })).toBe('#000000');
    expect(ansiColorCss({ index: 196 })).toBe('#ff0000');
    expect(ansiColorCss({ index: 231 })).toBe('#ffffff');
    expect(ansiColorCss({ index: 232 })).toBe('#080808');
    expect(ansiColorCss({ index: 255 })).toBe('#eeeeee');
    expect(ansiColorCss({ rgb: [1, 171, 255] })).toBe('#01abff');
  });

  it('turns a style into inline CSS, nothing for plain text', () => {
    expect(ansiCss({})).toBeUndefined();
    expect(ansiCss({ bold: true, underline: true, italic: true, dim: true, fg: { rgb: [0, 0, 0] } })).toEqual(
      {
        color: '#000000',
        fontWeight: 700,
        textDecoration: 'underline',
        fontStyle: 'italic',
        opacity: 0.65,
      },
    );
    expect(ansiCss({ inverse: true, fg: { rgb: [1, 2, 3] } })?.backgroundColor).toBe('#010203');
  });
});
