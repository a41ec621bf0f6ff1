import evaluator = require('@mnist-wasm/evaluator');

const matrix: evaluator.ConfusionMatrix = evaluator.confusionMatrix([1, 2], [1, 3]);
const classes: Int32Array = evaluator.argMaxRows(new Float32Array([0.2, 0.8]), 2);
// @ts-expect-error the labels are numbers
evaluator.confusionMatrix('12', '13');
export = { classes, matrix };
