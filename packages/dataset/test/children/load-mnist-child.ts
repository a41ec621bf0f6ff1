/**
 * Runs `loadMnist(JSON.parse(argv[2]))` in its own process and prints one JSON line: the outcome,
 * and the peak RSS before and after the call (`process.resourceUsage().maxRSS`, in KiB), so a test
 * can check the memory a download takes without the test runner's own.
 */
import { loadMnist } from '../../src/node';

const options = JSON.parse(process.argv[2] ?? '{}');
const baselineKiB = process.resourceUsage().maxRSS;
let outcome: Record<string, unknown>;
try {
  const { train, test } = await loadMnist(options);
  outcome = { ok: true, trainCount: train.count, testCount: test.count };
} catch (error) {
  const { name, message } = error as Error;
  outcome = { ok: false, name, message };
}
console.log(JSON.stringify({ ...outcome, baselineKiB, peakKiB: process.resourceUsage().maxRSS }));
