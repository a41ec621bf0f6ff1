import { fail } from '../support/fail.mjs';
import { drawDigit, waitForStatus } from '../support/page-helpers.mjs';

/** Loads the saved MLP from its files: the same digit gets the same probabilities. */
export async function loadSaved({ page, savedFiles, testDigits, results }) {
  const reference = results.drawn.at(-1);
  await page.setInputFiles('#load-files', savedFiles);
  // Not just 'loaded': an earlier status may say "downloaded".
  await waitForStatus(page, 'load', '^loaded the model from');
  const reloaded = await drawDigit(
    page,
    testDigits.features.subarray(reference.index * 784, (reference.index + 1) * 784),
  );
  if (reloaded.probabilities !== reference.probabilities) {
    fail(
      'load',
      `after loading: ${reloaded.probabilities}; before saving: ${reference.probabilities}`,
    );
  }
}
