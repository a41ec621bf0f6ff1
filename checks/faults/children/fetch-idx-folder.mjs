// `node fetch-idx-folder.mjs fetch '{ "baseUrl": ..., "timeoutMs": ... }'`: fetchIdxFolder (the
// page's "your own IDX files" loader, from the built browser entry of @mnist-wasm/dataset),
// reporting the counts, the class names, or the error.
import { fetchIdxFolder } from '@mnist-wasm/dataset';
import { args, mark, run } from './report.mjs';

const { op, options } = args();
if (op !== 'fetch') throw new Error(`fetch-idx-folder.mjs: unknown op ${op}`);
const { baseUrl, ...rest } = options;

await run(async () => {
  mark('ready');
  const { train, test, classNames, namedByFile } = await fetchIdxFolder(baseUrl, rest);
  return { train: train.count, test: test.count, classNames, namedByFile };
});
