/**
 * Code points a terminal draws two columns wide: the East Asian Wide and Fullwidth ranges of
 * Unicode's EastAsianWidth.txt that class names can hold (CJK, kana, Hangul, fullwidth forms,
 * and the emoji planes).
 */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

/**
 * How many terminal columns `text` takes: 2 for each wide character (`'つ'`), 0 for a combining
 * mark or a zero-width joiner or variation selector, 1 for anything else. Tables pad by this,
 * not by `length`, so a column of kana lines up.
 *
 * @example
 * ```ts
 * textWidth('つ (tsu)'); // 8
 * ```
 */
export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (/\p{Mn}|\p{Me}|\u200d|[\ufe00-\ufe0f]/u.test(char)) continue;
    width += WIDE.some(([low, high]) => code >= low && code <= high) ? 2 : 1;
  }
  return width;
}

/** `text` padded with spaces on the left to `width` columns (as {@link textWidth} counts them). */
export function padStartColumns(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - textWidth(text))) + text;
}

/** `text` padded with spaces on the right to `width` columns. */
export function padEndColumns(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - textWidth(text)));
}
