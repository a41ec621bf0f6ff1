import trainer = require('@mnist-wasm/trainer');

const options: trainer.TrainOptions = { shuffle: false, callbacks: { onEpochEnd: () => {} } };
// @ts-expect-error shuffle is a boolean
const wrong: trainer.TrainOptions = { shuffle: 'yes' };
export = { options, wrong };
