import { digitFigure } from './digits';

/** A test digit the model got wrong. */
export interface MisclassifiedItem {
  /** 28×28 greyscale pixels, 0–255, white on black. */
  pixels: Uint8Array;
  /** True class. */
  label: number;
  /** Predicted class. */
  predicted: number;
  /** Probability the model gave to `predicted`, 0–1. */
  probability: number;
}

/**
 * Replaces the content of `container` with a gallery of misclassified digits, each captioned
 * "true 4, predicted 9 (97%)" (or, with `classNames`, "true Shirt, predicted T-shirt/top (97%)"),
 * or a short note when there are none.
 *
 * @param classNames - The predicted classes' names, class 0 first: the model's; absent, the
 *   indices.
 * @param trueClassNames - The true classes' names, class 0 first: the evaluated data set's, which
 *   differ from the model's when it was trained on another set; absent, `classNames`.
 */
export function renderMisclassified(
  container: HTMLElement,
  items: MisclassifiedItem[],
  classNames?: readonly string[],
  trueClassNames: readonly string[] | undefined = classNames,
): void {
  if (items.length === 0) {
    const empty = document.createElement('p');
    empty.className = 'misclassified-empty';
    empty.textContent = 'No misclassified digits.';
    container.replaceChildren(empty);
    return;
  }
  const gallery = document.createElement('div');
  gallery.className = 'misclassified';
  gallery.append(...items.map((item) => figure(item, classNames, trueClassNames)));
  container.replaceChildren(gallery);
}

/** One gallery entry: the digit and its caption, the prediction emphasised. */
function figure(
  item: MisclassifiedItem,
  classNames: readonly string[] | undefined,
  trueClassNames: readonly string[] | undefined,
): HTMLElement {
  const name = (index: number): string => classNames?.[index] ?? String(index);
  const trueName = (index: number): string => trueClassNames?.[index] ?? String(index);
  const caption = document.createElement('span');
  const predicted = document.createElement('span');
  predicted.className = 'misclassified__predicted';
  predicted.textContent = `predicted ${name(item.predicted)}`;
  caption.append(
    `true ${trueName(item.label)}, `,
    predicted,
    ` (${Math.round(item.probability * 100)}%)`,
  );
  return digitFigure(item.pixels, caption);
}
