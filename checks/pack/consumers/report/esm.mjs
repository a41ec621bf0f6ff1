import * as report from '@mnist-wasm/report';
import * as node from '@mnist-wasm/report/node';
import { smoke } from './smoke.cjs';

await smoke({ report, node });
