// What reportHtml inlines: the IIFE bundle of src/browser-entry.ts and all the CSS. This file is a
// stand-in: the build (tsup.config.ts) and the tests (vitest.config.ts) replace its content with
// the real texts, made by build/report-assets.mjs.

/** The texts inlined into a report. */
export interface ReportAssets {
  /** The report script: an IIFE, safe to put in a `<script>` element as it is. */
  script: string;
  /** All the CSS: uPlot's, the views' and the report page's. */
  css: string;
}

/** The inlined texts, or undefined in a build that did not make them. */
export const reportAssets: ReportAssets | undefined = undefined;
