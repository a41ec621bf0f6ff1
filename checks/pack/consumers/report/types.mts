import { checkReportData, type ReportData, ReportError, reportHtml } from '@mnist-wasm/report';
import { writeReport } from '@mnist-wasm/report/node';

declare const data: ReportData;
const html: string = reportHtml(data);
const input: unknown = JSON.parse(html);
checkReportData(input);
const title: string = input.title;
const written: Promise<void> = writeReport('run.html', data);
const error: Error = new ReportError('x');
const bad: ReportData['misclassified'][number] = {
  // @ts-expect-error pixels are numbers
  pixels: 'x',
  label: 1,
  predicted: 2,
  probability: 1,
};
export { bad, error, title, written };
