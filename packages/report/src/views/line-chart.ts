import uPlot from 'uplot';
import { chartSummary } from './chart-summary';

/** Options of {@link createLineChart}. */
export interface LineChartOptions {
  /** Title drawn above the plot. */
  title: string;
  /** One label per series; `push()` takes one value per series in this order. */
  series: string[];
  /** Label of the y axis. */
  yLabel: string;
  /** Name of x in the legend, on the x axis and in the text alternative; defaults to "step". */
  xLabel?: string;
  /** Ticks on the x axis at whole numbers only (epochs, say); defaults to false. */
  wholeX?: boolean;
  /** Set as `data-testid` on the chart's root element. */
  testId?: string;
}

/** A live line chart. */
export interface LineChart {
  /**
   * Appends a point at `x` (a step or an epoch; keep it increasing) with one value per series,
   * `null` leaving a gap. Redraws are batched: at most one per animation frame, and ten a
   * second.
   */
  push(x: number, values: (number | null)[]): void;
  /** Removes every point; the x range set by `setXRange` stays. */
  reset(): void;
  /**
   * Fixes the x axis to `min`..`max` (`max > min`), e.g. 0 to the number of epochs of a run, so
   * that a run's first points sit where they belong rather than on an axis sized to themselves.
   */
  setXRange(min: number, max: number): void;
  /** Number of points pushed since creation or the last `reset()`, drawn or not yet. */
  pointCount(): number;
}

const PLOT_HEIGHT = 220;
/**
 * Least time between two redraws of a chart. Points stream in once per training batch, hundreds
 * of times a second; redrawing at the display's frame rate costs the page's main thread about as
 * much CPU as the training worker needs, and on a machine with few cores the two then compete, while
 * ten redraws a second look just as live.
 */
const REDRAW_INTERVAL_MS = 100;
const FALLBACK_WIDTH = 480;
const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];

/**
 * uPlot point filter: when uPlot hides points (dense data), still draws the values that have no
 * neighbour to join, such as one validation figure per epoch amid per-step nulls.
 */
function isolatedPoints(plot: uPlot, seriesIndex: number, show: boolean): number[] | null {
  if (show) return null;
  const values = plot.data[seriesIndex] ?? [];
  const indices: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (values[i] != null && values[i - 1] == null && values[i + 1] == null) indices.push(i);
  }
  return indices.length > 0 ? indices : null;
}

/**
 * Creates a uPlot line chart and appends it to `container`. Its width follows the container's
 * width.
 */
export function createLineChart(container: HTMLElement, options: LineChartOptions): LineChart {
  const xs: number[] = [];
  const ys: (number | null)[][] = options.series.map(() => []);
  const xLabel = options.xLabel ?? 'step';
  let xRange: [number, number] | undefined;

  const plot = new uPlot(
    {
      title: options.title,
      width: container.clientWidth || FALLBACK_WIDTH,
      height: PLOT_HEIGHT,
      scales: {
        x: {
          time: false,
          range: (_plot, min, max) => xRange ?? [min, max],
        },
      },
      series: [
        { label: xLabel },
        ...options.series.map((label, i) => ({
          label,
          stroke: COLOURS[i % COLOURS.length],
          width: 2,
          spanGaps: false,
          points: { filter: isolatedPoints },
        })),
      ],
      axes: [
        { label: xLabel, ...(options.wholeX ? { incrs: [1, 2, 5, 10, 20, 50, 100] } : {}) },
        { label: options.yLabel },
      ],
    },
    [xs, ...ys],
    container,
  );
  plot.root.classList.add('line-chart');
  if (options.testId) plot.root.dataset.testid = options.testId;
  // The canvas says nothing to a screen reader: the chart is an image with a summary for a name.
  plot.root.setAttribute('role', 'img');
  const describe = (): void => {
    plot.root.setAttribute(
      'aria-label',
      chartSummary(options.title, xLabel, options.series, xs, ys),
    );
  };
  describe();

  let scheduled = false;
  let lastDraw = Number.NEGATIVE_INFINITY;
  const draw = (): void => {
    scheduled = false;
    lastDraw = performance.now();
    plot.setData([xs, ...ys]);
    describe();
  };
  const scheduleRedraw = (): void => {
    if (scheduled) return;
    scheduled = true;
    const wait = lastDraw + REDRAW_INTERVAL_MS - performance.now();
    if (wait <= 0) requestAnimationFrame(draw);
    else setTimeout(() => requestAnimationFrame(draw), wait);
  };

  new ResizeObserver(() => {
    const width = container.clientWidth;
    if (width > 0 && width !== plot.width) plot.setSize({ width, height: PLOT_HEIGHT });
  }).observe(container);

  return {
    push(x, values) {
      xs.push(x);
      ys.forEach((series, i) => {
        series.push(values[i] ?? null);
      });
      scheduleRedraw();
    },
    reset() {
      xs.length = 0;
      for (const series of ys) series.length = 0;
      scheduleRedraw();
    },
    setXRange(min, max) {
      xRange = [min, max];
      scheduleRedraw();
    },
    pointCount: () => xs.length,
  };
}
