import report = require('@mnist-wasm/report');
import node = require('@mnist-wasm/report/node');

declare const data: report.ReportData;
const html: string = report.reportHtml(data);
const written: Promise<void> = node.writeReport('run.html', data);
// @ts-expect-error the data is a ReportData
report.reportHtml('title');
export = { html, written };
