export { useCpuBackend } from './cpu-backend';
export { prng } from './random';
export { type TempFolder, useTempFolder } from './temp-folder';
export { expectNoNewTensors } from './tensor-count';
export { thrown } from './thrown';
export { weightValues } from './weights';
