/** How many threads a run trains on, and why only one when more were asked for. */
export interface ThreadChoice {
  threads: number;
  /** Why the run trains on one thread although `threads` > 1 was asked for; else null. */
  refusal: string | null;
}

/** What decides whether a run can be split over threads. */
export interface ThreadChoiceFacts {
  /** `threads` as asked for. */
  requested: number;
  step: 'plan' | 'tape';
  /** Why the model trains on the tape, for `step: 'tape'`. */
  planRefusal: string | null;
  augment: boolean;
  /** An optimizer was given (rather than the default Adam made for the run). */
  givenOptimizer: boolean;
  /** The run's optimizer is a FusedAdam (the default on 'wasm'), which each thread can remake. */
  fusedAdam: boolean;
  /** The examples are uint8, read by the step as rows (not gathered as floats). */
  byteRows: boolean;
  batchSize: number;
  count: number;
}

/**
 * The threads a run uses: as asked, but never more than a batch's rows or the examples (every
 * thread has rows in the first batch), and one, with the reason, when the run cannot be split
 * exactly: only the plan's step is split, augmentation draws per batch in order, only the default
 * Adam is remade in every thread, the threads share uint8 examples, and they need
 * `SharedArrayBuffer` with `Atomics`.
 */
export function chooseThreads(facts: ThreadChoiceFacts): ThreadChoice {
  if (facts.requested === 1) return { threads: 1, refusal: null };
  const refusal = (reason: string): ThreadChoice => ({ threads: 1, refusal: reason });
  if (facts.step !== 'plan') return refusal(`the model trains on the tape (${facts.planRefusal})`);
  if (facts.augment)
    return refusal('augmentation draws its distortions batch by batch on one thread');
  if (facts.givenOptimizer)
    return refusal('an optimizer was given; only the default Adam runs on every thread');
  if (!facts.fusedAdam)
    return refusal("the backend has no fused Adam kernel (threads need 'wasm')");
  if (!facts.byteRows) return refusal('the features are float32; threads share uint8 examples');
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') {
    return refusal('no SharedArrayBuffer here (a page must be cross-origin isolated)');
  }
  const threads = Math.min(facts.requested, facts.batchSize, facts.count);
  if (threads === 1) return refusal('a batch of one example cannot be split');
  return { threads, refusal: null };
}
