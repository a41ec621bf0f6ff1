import model = require('@mnist-wasm/model');

const mlp = model.createMnistMlp();
const params: number = mlp.countParams();
// @ts-expect-error dropoutRate is a number
model.createMnistMlp({ dropoutRate: true });
export = params;
