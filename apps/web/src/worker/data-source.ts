// Where the worker fetches the chosen data set from: MNIST from the build, the family's other sets
// (verified against the catalog) or your own IDX files from the URL the page gives.
import { DATASETS, fetchIdxFolder, fetchMnist } from '@mnist-wasm/dataset';
import type { DataChoice } from '../protocol';
import type { DataSource } from './runtime';

/** The data set's title as the status line says it: "MNIST", "Fashion-MNIST", "your own files". */
export function dataTitle(choice: DataChoice): string {
  return choice.set === 'own' ? 'your own files' : DATASETS[choice.set].title;
}

/**
 * The source of `choice`: MNIST's files are in the build (`mnist/` beside the page, checked by
 * size and header as before); Fashion-MNIST's and Kuzushiji-MNIST's are fetched from
 * `choice.url`, each file read whole verified by the catalog's SHA-256 where it gives the raw
 * digest; your own files are checked by their IDX headers only, named by `classes.txt`.
 */
export function dataSource(choice: DataChoice, pageUrl: string): DataSource {
  if (choice.set === 'own') {
    return { key: `own ${choice.url}`, fetch: (options) => fetchIdxFolder(choice.url, options) };
  }
  const spec = DATASETS[choice.set];
  const classNames = [...spec.classNames];
  if (choice.set === 'mnist') {
    const url = new URL('mnist/', pageUrl).href;
    return {
      key: `mnist ${url}`,
      fetch: async (options) => ({ ...(await fetchMnist(url, options)), classNames }),
    };
  }
  return {
    key: `${spec.name} ${choice.url}`,
    fetch: async (options) => ({
      ...(await fetchMnist(choice.url, { ...options, dataset: spec })),
      classNames,
    }),
  };
}
