/** `value` with `digits` decimals, as the notebook prints metrics; NaN and Infinity as they are. */
export function format(value: number, digits = 4): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

/** A count with thousands separators: 10,000. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}
