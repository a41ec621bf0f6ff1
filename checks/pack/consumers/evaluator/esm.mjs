import * as backend from '@mnist-wasm/backend';
import * as dataset from '@mnist-wasm/dataset';
import * as node from '@mnist-wasm/dataset/node';
import * as evaluator from '@mnist-wasm/evaluator';
import * as model from '@mnist-wasm/model';
import { smoke } from './smoke.cjs';

await smoke({ evaluator, model, dataset, node, backend });
