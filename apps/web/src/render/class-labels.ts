// The classes as the data set names them ("Sneaker"), wherever the page would show an index.

/** The name of class `index`, or the index itself when `names` has none for it. */
export function className(names: readonly string[], index: number): string {
  return names[index] ?? String(index);
}

/** Whether `names` are the digits 0-9 in order: MNIST's, shown as the views show indices. */
export function areDigits(names: readonly string[]): boolean {
  return names.every((name, index) => name === String(index));
}

/**
 * Labels the bars `renderProbabilityBars` drew in `container` with the class names instead of
 * their indices (and in their aria-labels); digits are left as drawn.
 */
export function nameBars(container: HTMLElement, names: readonly string[]): void {
  if (areDigits(names)) return;
  const list = container.querySelector('ol.prob-bars');
  if (list === null) return;
  list.classList.add('named');
  for (const [index, item] of [...list.querySelectorAll('li')].entries()) {
    const label = item.querySelector('span');
    const value = item.querySelector('.prob-bars__value')?.textContent ?? '';
    const name = className(names, index);
    if (label !== null) {
      label.textContent = name;
      label.title = name;
    }
    item.setAttribute('aria-label', `${name}: ${value}`);
    item.dataset.className = name;
  }
}
