import { planModel } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { arrive, beat, CONTROL, waitAtLeast } from './barrier';
import { GradientExchange } from './gradient-exchange';
import { dropoutStream, ShareMaskRandom } from './share-mask-random';
import { shareOfBatch } from './share-of-batch';
import { ShareStep } from './share-step';
import { SummedUpdate } from './summed-update';
import type { TrainingThreadInit, TrainingThreadReply } from './thread-protocol';

/** How long a waiting thread sleeps before it beats and looks at the stop flag again. */
const WAIT_SLICE_MS = 250;

/**
 * The loop of one helper thread of a data-parallel `train` (index 1 and up), on any platform:
 * builds its copy of the model from `init` on the active backend (which must be 'wasm', started by
 * the caller), posts `ready`, then for every step the coordinator releases trains its share,
 * meets the others at the barrier, updates its share of the weights, and loads the whole new
 * weights once the next step is released, until the run stops. An
 * error ends the thread after recording it in the shared memory (so the coordinator, waiting at
 * the barrier, sees it at once) and posting `failed`.
 *
 * @param kill - Ends the thread abruptly, for the `killAtStep` fault.
 */
export async function runTrainingThread(
  init: TrainingThreadInit,
  post: (reply: TrainingThreadReply) => void,
  kill: () => void,
): Promise<void> {
  const exchange = new GradientExchange(init.exchange);
  let model: tfl.LayersModel | null = null;
  try {
    model = await tfl.models.modelFromJSON({
      modelTopology: init.modelTopology as tf.io.ModelJSON['modelTopology'],
    });
    const weights = init.weights.map(({ shape, values }) => tf.tensor(values, shape, 'float32'));
    model.setWeights(weights);
    tf.dispose(weights);
    const { plan, refusal } = planModel(model);
    if (plan === null) throw new Error(`the model has no plan on this thread: ${refusal}`);
    const update = new SummedUpdate(exchange, plan.variables, init.index, init.adam, init.baseStep);
    const random = new ShareMaskRandom(dropoutStream(init.seed));
    const step = new ShareStep(plan, init.signature, init.examples, random, init.maxBatch);
    const { control } = exchange;
    post({ kind: 'ready' });
    /** Whether this thread's share of an update is written but the whole update not yet loaded. */
    let loadPending = false;
    for (let g = 1; ; g++) {
      let released: ReturnType<typeof waitAtLeast>;
      do {
        beat(control, init.index);
        released = waitAtLeast(control, CONTROL.go, g, WAIT_SLICE_MS);
      } while (released === 'timed-out');
      if (released === 'stopped') break;
      // The coordinator releases a step only once every share of the last update is written, so
      // the release is this thread's barrier for that update too: it never sleeps on that one.
      if (loadPending) update.load();
      loadPending = false;
      if (init.killAtStep === g && init.index === 1) kill();
      const batch = Atomics.load(control, CONTROL.batchSize);
      const indices = exchange.indices.subarray(0, batch);
      const { start, size } = shareOfBatch(batch, init.threads, init.index);
      exchange.writeStats(
        g,
        init.index,
        step.run(indices, start, size, exchange.slot(g, init.index)),
      );
      arrive(control);
      let met: ReturnType<typeof waitAtLeast>;
      do {
        beat(control, init.index);
        met = waitAtLeast(control, CONTROL.arrived, g * init.threads, WAIT_SLICE_MS);
      } while (met === 'timed-out');
      if (met === 'stopped') break;
      if (exchange.batchStats(g).finite) {
        update.update(g, exchange.contributing(g).filter(Boolean).length);
        arrive(control, CONTROL.updated);
        // The other shares are usually written by now: loaded at once, the load is off the next
        // step's path; if not within a spin, after the release.
        const target = update.applied * init.threads;
        if (waitAtLeast(control, CONTROL.updated, target, 0) === 'reached') update.load();
        else loadPending = true;
      }
    }
    const complete = Atomics.load(control, CONTROL.updated) >= update.applied * init.threads;
    if (loadPending && complete) update.load();
    const finalWeights = init.reportWeights
      ? model.getWeights().map((weight) => weight.dataSync() as Float32Array)
      : undefined;
    post({ kind: 'stopped', ...(finalWeights !== undefined && { weights: finalWeights }) });
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    exchange.fail(init.index, message);
    post({ kind: 'failed', message });
  } finally {
    model?.dispose();
  }
}
