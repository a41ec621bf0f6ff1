import type { WasmBackendReport } from '@mnist-wasm/backend';

/** What the page measured; `run-in-chromium.mjs` checks it. */
export interface CheckResult {
  backend: WasmBackendReport;
  activeBackend: string;
  /** `readIdx(...).dims` of the MNIST test labels file. */
  testLabelDims: number[];
  batchMatchesNormalize: boolean;
  trainLoss: number[];
  trainAccuracy: number[];
  testLoss: number;
  testAccuracy: number;
  testCount: number;
  /** Tensors alive after training (optimizer disposed) and evaluating, beyond the model's own. */
  leakedTensors: number;
}

export type CheckOutcome = { ok: true; result: CheckResult } | { ok: false; error: string };

declare global {
  interface Window {
    /** Set once the page has finished, successfully or not. */
    mnistCheck?: CheckOutcome;
  }
}
