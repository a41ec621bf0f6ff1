// The classes as the data set names them ("Sneaker"), wherever the page would show an index.

/** The name of class `index`, or the index itself when `names` has none for it. */
export function className(names: readonly string[], index: number): string {
  return names[index] ?? String(index);
}

/** Whether `names` are the digits 0-9 in order: MNIST's, shown as the views show indices. */
export function areDigits(names: readonly string[]): boolean {
  return names.every((name, index) => name === String(index));
}
