import * as dataset from '@mnist-wasm/dataset';
import * as node from '@mnist-wasm/dataset/node';
import { smoke } from './smoke.cjs';

await smoke({ dataset, node });
