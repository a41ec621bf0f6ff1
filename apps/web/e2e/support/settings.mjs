/** The run the page and the app both do: the notebook's model, one epoch of 10,000 digits. */
export const RUN = { epochs: 1, trainLimit: 10_000, seed: 1, batchSize: 32 };
/** The convnet's run, in the tab and in Node: one epoch of 4,000 digits. */
export const CNN_RUN = { ...RUN, trainLimit: 4_000 };
/** Runs of the convnet timed on each side, alternating tab and Node so both see the same load. */
export const TIMED_ROUNDS = 2;
/**
 * Steps per timing window. A run's first window holds the warm-up (compiling, first allocations)
 * and is left out; the figure of each side is the median of its other windows, so a burst of
 * load from other processes moves it little.
 */
export const WINDOW_STEPS = 10;
/** Test digits drawn on the pad: a 7, a 2, a 1, a 0 and a 4 (MNIST test images 0-4). */
export const DRAWN = [0, 1, 2, 3, 4];
