import { fail } from '../support/fail.mjs';
import { byId, text } from '../support/page-helpers.mjs';

/** Clicks Start with `fields` filled; checks `invalid`'s inline message and that nothing ran. */
async function refused(page, step, fields, invalid, message) {
  for (const [id, value] of Object.entries(fields)) await page.fill(byId(id), value);
  await page.click(byId('start'));
  if ((await page.getAttribute(byId(invalid), 'aria-invalid')) !== 'true')
    fail(step, `${invalid} is not marked aria-invalid`);
  if (!new RegExp(message).test(await text(page, `${invalid}-error`)))
    fail(
      step,
      `${invalid}'s message is "${await text(page, `${invalid}-error`)}", not /${message}/`,
    );
  if (!/^Not started: /.test(await text(page, 'status')))
    fail(step, `status: ${await text(page, 'status')}`);
  if ((await page.textContent('#data-shapes')) !== 'Press Start.') fail(step, 'a run started');
}

/** An invalid field: its own message and aria-invalid, the status says why, nothing starts. */
export async function invalidFields({ page }) {
  await refused(page, 'invalid epochs', { epochs: '0' }, 'epochs', 'whole number from 1 to 100');
  await refused(
    page,
    'batch above the training set',
    { epochs: '1', 'batch-size': '5000', 'train-limit': '1000' },
    'batch-size',
    'larger than the 1,000 training images',
  );
}
