/** Ends check:web with a message naming the step that failed and what was wrong. */
export function fail(step, message) {
  console.error(`check:web FAILED: step "${step}": ${message}`);
  process.exit(1);
}
