export { ReportDataError, ReportError, ReportOptionError, ReportTargetError } from './errors';
export { renderReport } from './render-report';
export { checkReportData, type ReportData } from './report-data';
export { reportHtml } from './report-html';
export { renderConfusionHeatmap } from './views/confusion';
export {
  DIGIT_SIZE,
  digitFigure,
  type ProbabilityBarsOptions,
  renderDigit,
  renderDigitGrid,
  renderProbabilityBars,
} from './views/digits';
export { createDrawingPad, type DrawingPad, type DrawingPadOptions } from './views/drawing-pad';
export { createLineChart, type LineChart, type LineChartOptions } from './views/line-chart';
export { type MisclassifiedItem, renderMisclassified } from './views/misclassified';
export { createSmoother, type Smoother } from './views/smoother';
