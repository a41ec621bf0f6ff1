import { ReportError } from './errors';
import { reportAssets } from './report-assets';
import { checkReportData, type ReportData } from './report-data';

/** Escapes text for HTML content and attribute values. */
function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );
}

/**
 * JSON of `data` that is safe inside `<script type="application/json">`: `<`, `>` and `&` are
 * written as `\u003c`... so no `</script` or `<!--` can end or change the element; non-finite
 * numbers become null (as JSON.stringify does), read back as NaN by the report's script.
 */
function embeddedJson(data: ReportData): string {
  return JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * No network at all: the report's own inline script and styles, images from data: and blob: URLs
 * (canvas), nothing else.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:";

/**
 * A complete, self-contained HTML document showing the run in `data`: the page's charts, the
 * confusion heatmap, the misclassified digits, the settings and timings. The CSS and the script
 * (uPlot and {@link renderReport}, about 60 kB) are inline and the data is embedded as JSON, so the
 * file opens from disk anywhere with no network access (its Content-Security-Policy forbids any).
 * Works in Node and in browsers; needs no DOM.
 *
 * @throws ReportDataError when `data` is not {@link ReportData}, naming the field; ReportError
 *   when this build of the package lacks the inlined script (a source checkout that was not built).
 */
export function reportHtml(data: ReportData): string {
  checkReportData(data);
  const assets = reportAssets;
  if (assets === undefined) {
    throw new ReportError(
      'reportHtml: this copy of @mnist-wasm/report was not built with its report script; build it (pnpm build).',
    );
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="generator" content="@mnist-wasm/report">
<title>${escapeHtml(data.title)}</title>
<style>
${assets.css}
</style>
</head>
<body>
<main id="report"><noscript>This report draws its charts with JavaScript; allow scripts to see it.</noscript></main>
<script type="application/json" id="report-data">${embeddedJson(data)}</script>
<script>
${assets.script}
</script>
</body>
</html>
`;
}
