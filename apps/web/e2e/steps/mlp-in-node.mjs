import { sameRunInNode, timedRunInNode } from '../support/node-runs.mjs';
import { RUN } from '../support/settings.mjs';
import { median, windowTimes } from '../support/step-times.mjs';

/** The same MLP run in Node, with the app: the same history; and its steady-state step time. */
export async function mlpInNode({ results }) {
  results.mlpNode = await sameRunInNode('node run', 'mlp', RUN, results.mlpHistory);
  results.mlpNodeMs = median(
    windowTimes((await timedRunInNode('mlp timed in node', 'mlp', RUN)).batches),
  );
}
