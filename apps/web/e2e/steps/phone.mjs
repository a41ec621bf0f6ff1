import { join } from 'node:path';
import { collectConsoleErrors } from '../support/browser.mjs';
import { fail } from '../support/fail.mjs';
import { byId } from '../support/page-helpers.mjs';

/**
 * A phone (390 px wide, touch): no sideways scroll before or after a short training run; there a
 * slowly served MNIST shows its progress, Stop cancels the download and the next Start downloads
 * again (at full speed).
 */
export async function phone({ browser, url, server, shots, consoleErrors, results }) {
  const phone = await browser.newPage({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  collectConsoleErrors(phone, consoleErrors, 'phone: ');
  const pageWidth = () => phone.evaluate(() => document.documentElement.scrollWidth);
  await phone.goto(url);
  await phone.waitForSelector(`${byId('start')}:not([disabled])`, { timeout: 60_000 });
  if ((await pageWidth()) > 390) fail('phone', `the page is ${await pageWidth()} px wide at 390`);
  const phoneStatus = async () => ((await phone.textContent(byId('status'))) ?? '').trim();
  server.state.slowMnist = true;
  await phone.click(byId('start'));
  await phone
    .waitForFunction(
      () =>
        /loading MNIST: [\d.]+ of [\d.]+ MB \(\d+%\)/.test(
          document.querySelector('[data-testid=status]').textContent,
        ),
      null,
      { timeout: 30_000 },
    )
    .catch(async () => fail('download progress', `status: ${await phoneStatus()}`));
  results.progressSeen = await phoneStatus();
  await phone.click(byId('stop'));
  await phone
    .waitForFunction(
      () => /stopped/.test(document.querySelector('[data-testid=status]').textContent),
      null,
      { timeout: 30_000 },
    )
    .catch(async () => fail('stop the download', `status: ${await phoneStatus()}`));
  server.state.slowMnist = false;
  await phone
    .waitForSelector(`${byId('start')}:not([disabled])`, { timeout: 30_000 })
    .catch(() => fail('stop the download', 'Start stays disabled after Stop'));
  await phone.fill(byId('train-limit'), '1000');
  await phone.click(byId('start'));
  await phone
    .waitForFunction(
      () => /done/.test(document.querySelector('[data-testid=status]').textContent),
      null,
      { timeout: 120_000 },
    )
    .catch(() => fail('phone', 'the run on the phone did not finish'));
  if ((await pageWidth()) > 390)
    fail('phone', `after training the page is ${await pageWidth()} px wide at 390`);
  await phone.screenshot({ path: join(shots, 'phone-after-training.png'), fullPage: true });
  await phone.close();
}
