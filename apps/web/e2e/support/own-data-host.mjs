// A host of your own IDX files for the data-set steps: shapes a small model tells apart, named by
// Fashion-MNIST's classes, served with CORS from another origin than the page's.
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { DATASETS } from '@mnist-wasm/dataset';

/** The class names the host's `/own/classes.txt` gives. */
export const OWN_NAMES = DATASETS['fashion-mnist'].classNames;
const NAMES = OWN_NAMES;
/** Training examples the host serves. */
export const OWN_TRAIN = 2000;
const TRAIN = OWN_TRAIN;
const TEST = 500;

/**
 * Class `label`'s shape on 28x28, spanning rows and columns 4-23 as the pad's centring and scaling
 * leave a drawing: a bar, a cross, a box, diagonals... (`dx`, `dy` jitter it by a pixel).
 */
export function shape(label, dx = 0, dy = 0) {
  const pixels = new Uint8Array(784);
  const ink = (x, y) => {
    const [px, py] = [x + dx, y + dy];
    if (px >= 0 && px < 28 && py >= 0 && py < 28) pixels[py * 28 + px] = 255;
  };
  for (let a = 4; a < 24; a++) {
    for (let t = 0; t < 3; t++) {
      const line = {
        h: () => ink(a, 12 + t),
        v: () => ink(12 + t, a),
        d: () => ink(a, Math.min(23, a + t)),
        e: () => ink(27 - a, Math.min(23, a + t)),
      };
      const strokes = ['h', 'v', 'hv', 'box', 'fill', 'd', 'e', 'de', 'twoH', 'twoV'][label];
      if (strokes === 'box') {
        ink(a, 4 + t);
        ink(a, 21 + t);
        ink(4 + t, a);
        ink(21 + t, a);
      } else if (strokes === 'fill') {
        for (let b = 4; b < 24; b++) ink(a, b);
      } else if (strokes === 'twoH') {
        ink(a, 5 + t);
        ink(a, 19 + t);
      } else if (strokes === 'twoV') {
        ink(5 + t, a);
        ink(19 + t, a);
      } else {
        for (const stroke of strokes) line[stroke]();
      }
    }
  }
  return pixels;
}

function idx(dims, data) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x0800 + dims.length, 0);
  for (const [d, dim] of dims.entries()) header.writeUInt32BE(dim, 4 + 4 * d);
  return gzipSync(Buffer.concat([header, Buffer.from(data)]));
}

/**
 * `count` jittered shapes, labels cycling through the ten classes: images and labels `.gz`. Every
 * `mislabel`th example is labelled as the next class, so a test set has mistakes to show.
 */
function split(count, seed, mislabel = 0) {
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  for (let i = 0; i < count; i++) {
    labels[i] = i % 10;
    const jitter = () => Math.floor(random() * 3) - 1;
    images.set(shape(labels[i], jitter(), jitter()), i * 784);
    if (mislabel > 0 && i % mislabel === mislabel - 1) labels[i] = (labels[i] + 1) % 10;
  }
  return { images: idx([count, 28, 28], images), labels: idx([count], labels) };
}

/**
 * A CORS-enabled host (another origin than the page's) serving IDX files in the MNIST layout:
 * /own/ with Fashion-MNIST's names in classes.txt, /short/ with three names, anything else 404.
 */
export async function startDataHost() {
  const train = split(TRAIN, 1);
  const test = split(TEST, 2, 25);
  const files = {
    'train-images-idx3-ubyte.gz': train.images,
    'train-labels-idx1-ubyte.gz': train.labels,
    't10k-images-idx3-ubyte.gz': test.images,
    't10k-labels-idx1-ubyte.gz': test.labels,
  };
  const served = new Map();
  for (const folder of ['own', 'short']) {
    for (const [name, bytes] of Object.entries(files)) served.set(`/${folder}/${name}`, bytes);
  }
  served.set('/own/classes.txt', Buffer.from(`${NAMES.join('\n')}\n`));
  served.set('/short/classes.txt', Buffer.from('shoe\nbag\ncoat\n'));
  const server = createServer((request, response) => {
    const body = served.get(new URL(request.url, 'http://x').pathname);
    const cors = { 'Access-Control-Allow-Origin': '*' };
    if (body === undefined) return void response.writeHead(404, cors).end();
    response.writeHead(200, { ...cors, 'Content-Length': body.length }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}
