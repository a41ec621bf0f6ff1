import { packageBuild } from '../../tsup.config.base';

export default packageBuild({
  entry: ['src/index.ts'],
  // import.meta.url (used on the Node path to find the .wasm files) also in the CJS build.
  shims: true,
});
