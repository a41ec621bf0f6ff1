// Same checks for the ESM and the CJS build: a report from the installed tarball is a whole
// document with its script inlined, written atomically, and bad data is named.
const assert = require('node:assert/strict');
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

exports.smoke = async ({ report, node }) => {
  const data = {
    title: 'pack check </script>',
    createdAt: new Date(0).toISOString(),
    settings: { model: 'mlp', epochs: 1 },
    timings: { train: 1000 },
    batches: [{ x: 0.5, loss: 1, accuracy: 0.5 }],
    epochs: [{ epoch: 1, loss: 1, accuracy: 0.5, valLoss: 1.1, valAccuracy: 0.4 }],
    test: { loss: 1, accuracy: 0.5, count: 2 },
    confusion: [
      [1, 0],
      [1, 0],
    ],
    misclassified: [{ pixels: new Array(784).fill(128), label: 1, predicted: 0, probability: 0.6 }],
  };
  const html = report.reportHtml(data);
  assert.ok(html.startsWith('<!doctype html>'));
  assert.ok(html.includes('includes uPlot'), 'the report script is inlined');
  assert.equal(html.match(/<\/script/g).length, 2);
  assert.ok(!/https?:\/\//.test(html));
  assert.equal(typeof report.createLineChart, 'function');
  assert.throws(() => report.checkReportData({ ...data, test: {} }), report.ReportDataError);

  const folder = mkdtempSync(join(tmpdir(), 'report-pack-'));
  try {
    const file = join(folder, 'run.html');
    await node.writeReport(file, data);
    assert.equal(readFileSync(file, 'utf8'), html);
    assert.deepEqual(readdirSync(folder), ['run.html']);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const css = readFileSync(require.resolve('@mnist-wasm/report/views.css'), 'utf8');
  assert.ok(css.includes('.uplot') && css.includes('.confusion'));
};
