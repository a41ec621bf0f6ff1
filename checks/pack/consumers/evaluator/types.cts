import evaluator = require('@mnist-wasm/evaluator');

const matrix: evaluator.ConfusionMatrix = evaluator.confusionMatrix([1, 2], [1, 3]);
// @ts-expect-error the labels are numbers
evaluator.confusionMatrix('12', '13');
export = matrix;
