/**
 * The control words of a data-parallel training run, in one shared Int32Array that every thread
 * views. Counters only grow, so no thread ever has to reset one another may still be reading.
 */
export const CONTROL = {
  /** The step the coordinator released last (1, 2, ...); threads wait for it to change. */
  go: 0,
  /** Arrivals at the gradient barrier since the start: step `g` is complete at `g * threads`. */
  arrived: 1,
  /** 1 once the run ends: every thread leaves its loop at its next wait. */
  stop: 2,
  /** 1 + the index of a thread whose step threw (its message in the error bytes), else 0. */
  failed: 3,
  /** Rows in the released step's batch. */
  batchSize: 4,
  /** Threads asleep in `Atomics.wait` (or about to be): a wake-up is only sent when one is. */
  sleepers: 5,
  /** Arrivals after updating their share of the weights: update `u` is complete at `u * threads`. */
  updated: 6,
} as const;

/**
 * Int32 words of {@link CONTROL}, a 64-byte cache line; thread `t`'s heartbeat follows, at
 * `CONTROL_WORDS + t`, on the next cache line, so a beat does not disturb a thread polling a counter.
 */
export const CONTROL_WORDS = 16;

/**
 * The longest a waiting thread polls before it sleeps: a step's shares end close together, and a
 * sleeping thread, once woken, waits for a core again (long on a busy machine).
 */
const SPIN_MS = 0.25;
/** The shortest: polls that keep failing mean the others are off a core, and polling steals one. */
const MIN_SPIN_MS = 0.02;
/**
 * This thread's current polling budget: halved after a poll that ran out, grown a tenth after one
 * that paid, between the two bounds. On a quiet machine waits are short and it stays long; on a
 * busy one it shrinks, leaving the core to the thread being waited for.
 */
let spinMs = SPIN_MS;

/**
 * Waits until `control[slot] >= target` (for counters) and returns true, or returns false as
 * soon as the run is stopped or a thread failed, or when `timeoutMs` passes first (returns
 * `'timed-out'`). Spins briefly before sleeping on `Atomics.wait` (how long adapts, see `spinMs`):
 * the threads of a step arrive within microseconds of each other, and a futex sleep and wake
 * costs more than that. Needs a thread that may block: a worker, or Node's main thread (not a
 * page's).
 */
export function waitAtLeast(
  control: Int32Array,
  slot: number,
  target: number,
  timeoutMs: number,
): 'reached' | 'stopped' | 'timed-out' {
  const spinUntil = performance.now() + spinMs;
  do {
    for (let i = 0; i < 200; i++) {
      if (Atomics.load(control, slot) >= target) {
        spinMs = Math.min(SPIN_MS, spinMs * 1.1);
        return 'reached';
      }
    }
  } while (performance.now() < spinUntil);
  spinMs = Math.max(MIN_SPIN_MS, spinMs / 2);
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const seen = Atomics.load(control, slot);
    if (seen >= target) return 'reached';
    if (Atomics.load(control, CONTROL.stop) !== 0 || Atomics.load(control, CONTROL.failed) !== 0) {
      return 'stopped';
    }
    const left = deadline - performance.now();
    if (left <= 0) return 'timed-out';
    // Counted before the value is read again: a thread that changes it after that read sees the
    // count and wakes this one (both accesses are sequentially consistent).
    Atomics.add(control, CONTROL.sleepers, 1);
    if (Atomics.load(control, slot) < target) Atomics.wait(control, slot, seen, left);
    Atomics.sub(control, CONTROL.sleepers, 1);
  }
}

/** Wakes the threads asleep on `slot`, when there are any: a wake-up is a system call. */
export function wake(control: Int32Array, slot: number): void {
  if (Atomics.load(control, CONTROL.sleepers) > 0) Atomics.notify(control, slot);
}

/**
 * Counts this thread in at a barrier (`CONTROL.arrived` by default: the gradients are written) and
 * wakes the threads waiting on it.
 */
export function arrive(control: Int32Array, slot: number = CONTROL.arrived): void {
  Atomics.add(control, slot, 1);
  wake(control, slot);
}

/**
 * Counts a sign of life of thread `thread`: a helper beats each step and each time a wait of its
 * times out, so that the coordinator can tell a thread that died without a word (a browser reports
 * no worker's end) from one still computing.
 */
export function beat(control: Int32Array, thread: number): void {
  Atomics.add(control, CONTROL_WORDS + thread, 1);
}

/** Thread `thread`'s heartbeat count. */
export function heartbeat(control: Int32Array, thread: number): number {
  return Atomics.load(control, CONTROL_WORDS + thread);
}

/** Ends the run for every thread: they leave their waits and their loops. */
export function stopAll(control: Int32Array): void {
  Atomics.store(control, CONTROL.stop, 1);
  Atomics.notify(control, CONTROL.go);
  Atomics.notify(control, CONTROL.arrived);
  Atomics.notify(control, CONTROL.updated);
}
