// The script inlined into reportHtml's document (built as an IIFE at package build time, see
// build/report-assets.mjs): reads the embedded data and renders it.
import { renderReport } from './render-report';

/** Id of the `<script type="application/json">` holding the report's data. */
const DATA_ID = 'report-data';

function start(): void {
  const source = document.getElementById(DATA_ID);
  const container = document.getElementById('report');
  if (source === null || container === null)
    throw new Error('report: #report-data or #report is missing');
  // Non-finite numbers were written as null (JSON has no NaN); no field of the data is null.
  const data = JSON.parse(source.textContent ?? '', (_key, value) =>
    value === null ? Number.NaN : value,
  );
  renderReport(container, data);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
