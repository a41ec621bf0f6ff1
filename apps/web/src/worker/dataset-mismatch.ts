// Whether a loaded model is evaluated on the data set it was trained on. The page evaluates it on
// the selected set whatever the answer (the visitor may mean it); a mismatch is said beside the
// results, since index-by-index accuracy across different classes measures nothing.
import { DATASETS, isDatasetName } from '@mnist-wasm/dataset';
import type { ClassifierMetadata } from '@mnist-wasm/model';
import type { DataChoice } from '../protocol';

/** The data set a model is evaluated on, as the page loaded it. */
export interface EvaluationSet {
  /** The selected set: one of the MNIST family, or `'own'` files. */
  set: DataChoice['set'];
  /** As the status line says it: `'MNIST'`, `'your own files'`. */
  title: string;
  /** Its class names, class 0 first (`classes.txt`'s for own files, else the digits). */
  classNames: readonly string[];
}

/** Names shown of a list of classes before it is cut short. */
const NAMES_SHOWN = 4;

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_SHOWN).join(', ');
  return names.length > NAMES_SHOWN ? `${shown}, … (${names.length} classes)` : shown;
}

function datasetTitle(name: string): string {
  return isDatasetName(name) ? DATASETS[name].title : name;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}

/**
 * The sentence the page shows when a loaded model was trained on other data than `data`, else
 * undefined. The data sets are compared when both are known by name (the model's `dataset` and a
 * set of the MNIST family); otherwise, as for own files or a model trained on them, the class
 * names are. A model that records neither (saved before names were recorded, or by another
 * tool) gives nothing to compare: undefined.
 *
 * @param model - What the model's `model.json` records (`classifierMetadata`), if anything.
 * @param data - The set the model is evaluated on.
 * @returns e.g. "this model was trained on Fashion-MNIST; it is evaluated on MNIST, so its
 *   accuracy says little".
 */
export function datasetMismatch(
  model: ClassifierMetadata | undefined,
  data: EvaluationSet,
): string | undefined {
  if (model === undefined) return undefined;
  const { dataset } = model;
  if (dataset !== undefined && data.set !== 'own') {
    if (dataset === data.set) return undefined;
    return `this model was trained on ${datasetTitle(dataset)}; it is evaluated on ${data.title}, so its accuracy says little`;
  }
  if (sameNames(model.classNames, data.classNames)) return undefined;
  const trained =
    dataset === undefined
      ? `this model's classes are ${listNames(model.classNames)}`
      : `this model was trained on ${datasetTitle(dataset)}, whose classes are ${listNames(model.classNames)}`;
  return `${trained}; those of ${data.title} are ${listNames(data.classNames)}: it is evaluated on them anyway, so its accuracy says little`;
}
