import { describe, expect, it } from 'vitest';
import { type ReportData, ReportDataError, reportHtml } from '../src';
import { fakeReportData } from './fake-data';

/** The JSON embedded in the document, parsed as the report's script parses it. */
function embeddedData(html: string): ReportData {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  expect(match).not.toBeNull();
  return JSON.parse(match![1]!, (_key, value) => (value === null ? Number.NaN : value));
}

/** The document without the data (the embedded JSON, the title): what the data cannot account for. */
function withoutData(html: string): string {
  return html
    .replace(/<title>[\s\S]*?<\/title>/, '<title></title>')
    .replace(/(<script type="application\/json" id="report-data">)[\s\S]*?(<\/script>)/, '$1$2');
}

describe('reportHtml', () => {
  it('returns a complete document with inline CSS, script and data', () => {
    const html = reportHtml(fakeReportData());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<title>mnist-notebook --model mlp --epochs 2 --seed 1</title>');
    expect(html).toMatch(
      /<style>[\s\S]*\.uplot[\s\S]*\.confusion[\s\S]*\.mnist-report[\s\S]*<\/style>/,
    );
    expect(html).toContain('<main id="report">');
    // The script: an IIFE with uPlot and renderReport.
    expect(html).toMatch(/<script>\s*\/\*! @mnist-wasm\/report[\s\S]*<\/script>\s*<\/body>/);
    expect(html.length).toBeGreaterThan(40_000);
    const data = embeddedData(html);
    expect(data).toEqual(fakeReportData());
    expect(data.test.accuracy).toBe(0.9731);
  });

  it('refers to nothing outside the file', () => {
    const html = withoutData(
      reportHtml(
        fakeReportData({ title: 'see https://example.com/x', settings: { url: 'http://a.b' } }),
      ),
    );
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/["'(=\s]\/\/[a-z0-9]/i); // protocol-relative URLs: //cdn...
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toContain("default-src 'none'");
  });

  it('escapes a title that would end the script or comment the document out', () => {
    const title = '</script><script>alert(1)</script><!-- & "quotes"';
    const html = reportHtml(fakeReportData({ title }));
    expect(html.match(/<\/script/gi)).toHaveLength(2); // the data's and the script's own ends
    expect(html).not.toContain('<!--');
    expect(html).toContain(
      '<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!-- &amp; &quot;quotes&quot;</title>',
    );
    expect(embeddedData(html).title).toBe(title);
  });

  it('writes non-finite metrics as null, read back as NaN', () => {
    const data = fakeReportData();
    data.batches[1]!.loss = Number.NaN;
    data.epochs[0]!.valLoss = Number.POSITIVE_INFINITY;
    const back = embeddedData(reportHtml(data));
    expect(back.batches[1]!.loss).toBeNaN();
    expect(back.epochs[0]!.valLoss).toBeNaN();
  });

  it('checks the data first', () => {
    const data = fakeReportData();
    (data.test as { accuracy: unknown }).accuracy = '97%';
    expect(() => reportHtml(data)).toThrow(ReportDataError);
  });
});
