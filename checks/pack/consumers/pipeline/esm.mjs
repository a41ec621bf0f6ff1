import * as backend from '@mnist-wasm/backend';
import * as node from '@mnist-wasm/dataset/node';
import * as pipeline from '@mnist-wasm/pipeline';
import * as pipelineNode from '@mnist-wasm/pipeline/node';
import { smoke } from './smoke.cjs';

await smoke({ pipeline, pipelineNode, node, backend });
