/** An IDX file of uint8 values: magic `0x0000_08_<rank>`, big-endian dims, then the data. */
export function idxFile(dims: readonly number[], data: Uint8Array): Uint8Array {
  const file = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(file.buffer);
  view.setUint32(0, 0x0800 + dims.length);
  for (const [d, dim] of dims.entries()) view.setUint32(4 + 4 * d, dim);
  file.set(data, 4 + 4 * dims.length);
  return file;
}

/**
 * The images and labels files of a split of `count` 28x28 examples that a small model learns at
 * once: labels cycle through 0-9 (`(7 i) mod 10`), and each image is a bright band at row
 * `2 * label + 4`.
 */
export function bandedSplit(count: number): [images: Uint8Array, labels: Uint8Array] {
  const labels = Uint8Array.from({ length: count }, (_, i) => (i * 7) % 10);
  const pixels = new Uint8Array(count * 784);
  labels.forEach((label, i) => {
    for (let x = 0; x < 28; x++) pixels[i * 784 + (2 * label + 4) * 28 + x] = 255;
  });
  return [idxFile([count, 28, 28], pixels), idxFile([count], labels)];
}
