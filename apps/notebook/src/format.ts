/** Formats numbers the way numpy prints a float32 row: `[ 0.1234 -0.5678 ...]`. */
export function formatRow(values: ArrayLike<number>, digits = 4): string {
  const cells = Array.from(values, (v) => (v >= 0 ? ' ' : '') + v.toFixed(digits));
  return `[${cells.join(' ')}]`;
}

/** `(60000, 28, 28)`, as Python prints a shape. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** A cell heading, like the `In [n]:` of a notebook, with the notebook's code line. */
export function cellHeading(index: number, code: string): string {
  return `\nIn [${index}]: ${code}`;
}
