// The run's settings from the form's fields, each checked by the page itself: a field that is
// wrong gets its own message beside it and aria-invalid, and the status says why nothing started.

import { DATASET_NAMES, type DatasetName } from '@mnist-wasm/dataset';
import type { PageElements } from './page';
import type { DataChoice, RunConfig } from './protocol';
import { count } from './render/format';

/** The fields a run reads as whole numbers. */
function numberFields(ui: PageElements): HTMLInputElement[] {
  return [ui.epochs, ui.batchSize, ui.seed, ui.trainLimit];
}

/** The field's name as its label shows it ("Batch size"). */
function fieldName(input: HTMLInputElement): string {
  return input.labels?.[0]?.firstChild?.textContent?.trim() || input.id;
}

/** Shows `message` beside `input` and marks it invalid; an empty message clears both. */
function mark(input: HTMLInputElement, message: string): void {
  const error = document.getElementById(`${input.id}-error`);
  if (error !== null) error.textContent = message;
  if (message === '') input.removeAttribute('aria-invalid');
  else input.setAttribute('aria-invalid', 'true');
}

/** The data set the select names: one of the family, or `'own'`. */
function chosenSet(ui: PageElements): DataChoice['set'] {
  const value = ui.dataset.value;
  return (DATASET_NAMES as readonly string[]).includes(value) ? (value as DatasetName) : 'own';
}

/**
 * The folder URL of the field, resolved against the page (so `fashion-mnist/` means the folder
 * beside it), or what is wrong with it: empty, not a URL, or not http(s).
 */
function folderUrl(input: HTMLInputElement): { url: string } | { problem: string } {
  const value = input.value.trim();
  if (value === '') {
    return { problem: 'give the URL of the folder holding the four .gz files' };
  }
  let url: URL;
  try {
    url = new URL(value, document.baseURI);
  } catch {
    return { problem: `"${value}" is not a URL; give an http:// or https:// URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { problem: `${url.protocol} URLs cannot be fetched; give an http:// or https:// URL` };
  }
  return { url: url.href.endsWith('/') ? url.href : `${url.href}/` };
}

/**
 * The data set chosen: MNIST from the build, or another set from the URL field, which is marked
 * when it is wrong (the returned `problem` is the status line's sentence).
 */
export function readDataChoice(ui: PageElements): DataChoice | { problem: string } {
  const set = chosenSet(ui);
  if (set === 'mnist') {
    mark(ui.datasetUrl, '');
    return { set, url: '' };
  }
  const folder = folderUrl(ui.datasetUrl);
  mark(ui.datasetUrl, 'problem' in folder ? folder.problem : '');
  if ('problem' in folder) return { problem: `${fieldName(ui.datasetUrl)}: ${folder.problem}` };
  return { set, url: folder.url };
}

/** Shows the URL field for the data sets that are not in the build. */
export function showDataUrl(ui: PageElements): void {
  ui.datasetUrlField.hidden = chosenSet(ui) === 'mnist';
}

/** What is wrong with `input`'s value as a whole number within its min and max, or ''. */
function wholeNumberProblem(input: HTMLInputElement): string {
  const min = Number(input.min);
  const max = Number(input.max);
  const value = Number(input.value);
  if (input.value.trim() !== '' && Number.isInteger(value) && value >= min && value <= max) {
    return '';
  }
  return `give a whole number from ${count(min)} to ${count(max)}`;
}

/**
 * Reads the run's settings, or marks every field that is wrong and returns why, one sentence per
 * field ("Epochs: give a whole number from 1 to 100"). A batch larger than the training set is
 * refused too: the trainer would quietly run one smaller step an epoch.
 */
export function readRunFields(ui: PageElements): RunConfig | { problems: string[] } {
  const problems: string[] = [];
  for (const input of numberFields(ui)) {
    const problem = wholeNumberProblem(input);
    mark(input, problem);
    if (problem !== '') problems.push(`${fieldName(input)}: ${problem}`);
  }
  const batchSize = Number(ui.batchSize.value);
  const trainLimit = Number(ui.trainLimit.value);
  if (problems.length === 0 && batchSize > trainLimit) {
    const problem = `larger than the ${count(trainLimit)} training images; give at most ${count(trainLimit)}`;
    mark(ui.batchSize, problem);
    problems.push(`${fieldName(ui.batchSize)}: ${problem}`);
  }
  const data = readDataChoice(ui);
  if ('problem' in data) problems.push(data.problem);
  if (problems.length > 0 || 'problem' in data) return { problems };
  return {
    data,
    model: ui.model.value === 'cnn' ? 'cnn' : 'mlp',
    epochs: Number(ui.epochs.value),
    batchSize,
    seed: Number(ui.seed.value),
    trainLimit,
    augment: ui.augment.checked,
  };
}

/** Clears a field's message as soon as it is edited. */
export function watchRunFields(ui: PageElements): void {
  for (const input of numberFields(ui)) {
    input.addEventListener('input', () => mark(input, ''));
  }
  // The batch size's bound follows the training set's size and the model.
  ui.trainLimit.addEventListener('input', () => mark(ui.batchSize, ''));
  ui.model.addEventListener('change', () => mark(ui.batchSize, ''));
  ui.datasetUrl.addEventListener('input', () => mark(ui.datasetUrl, ''));
  ui.dataset.addEventListener('change', () => {
    mark(ui.datasetUrl, '');
    showDataUrl(ui);
  });
  showDataUrl(ui);
}
