/**
 * The inner loop of the AdamUpdate kernel (`AdamUpdate.ts`) as a tiny WebAssembly SIMD module,
 * hand-assembled here from its opcodes (no toolchain needed; the text form is below). It works
 * directly on tfjs-backend-wasm's heap (it imports the backend's `WebAssembly.Memory`), so no
 * tensor is copied. The update touches every weight of the model on every step; the same loop in
 * JavaScript handles one float at a time, f32x4 lanes handle four. The README's benchmark times
 * both.
 *
 *   (func (export "adam") (param $w $g $m $v $nw $nm $nv $bytes i32)
 *                         (param $b1 $c1 $b2 $c2 $alpha $eps f32)
 *     ;; for i in [0, bytes) step 16, 4 floats at a time:
 *     ;;   m' = b1 m + c1 g;  v' = b2 v + c2 g²;  w' = w - alpha m' / (√v' + eps)
 *     ;; with c1 = 1 - b1, c2 = 1 - b2; new values go to $nw $nm $nv.
 */

/** `adam(w, g, m, v, nw, nm, nv, bytes, b1, 1 - b1, b2, 1 - b2, alpha, epsilon)`: byte offsets. */
export type AdamSimdLoop = (
  w: number,
  g: number,
  m: number,
  v: number,
  nw: number,
  nm: number,
  nv: number,
  bytes: number,
  b1: number,
  c1: number,
  b2: number,
  c2: number,
  alpha: number,
  epsilon: number,
) => void;

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const op = {
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Add: 0x6a,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  i32Const: 0x41,
  brIf: 0x0d,
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  void: 0x40,
} as const;
// SIMD opcodes follow the 0xfd prefix; the LEB128 forms of 227-231 take two bytes.
const simd = {
  load: [0xfd, 0x00, 0x00, 0x00], // v128.load align=1 offset=0
  store: [0xfd, 0x0b, 0x00, 0x00], // v128.store align=1 offset=0
  splat: [0xfd, 0x13], // f32x4.splat
  sqrt: [0xfd, 0xe3, 0x01],
  add: [0xfd, 0xe4, 0x01],
  sub: [0xfd, 0xe5, 0x01],
  mul: [0xfd, 0xe6, 0x01],
  div: [0xfd, 0xe7, 0x01],
} as const;

// Parameter and local indices.
const W = 0;
const G = 1;
const M = 2;
const V = 3;
const NW = 4;
const NM = 5;
const NV = 6;
const BYTES = 7;
const FIRST_SCALAR = 8; // b1, c1, b2, c2, alpha, eps: params 8-13
const I = 14;
const GV = 15;
const MV = 16;
const VV = 17;
const FIRST_SPLAT = 18; // the scalars as f32x4: locals 18-23

const get = (index: number) => [op.localGet, index];
const set = (index: number) => [op.localSet, index];
/** Pushes v128.load(base + i). */
const loadAt = (base: number) => [...get(base), ...get(I), op.i32Add, ...simd.load];
/** Pushes the address base + i (for a store). */
const addressAt = (base: number) => [...get(base), ...get(I), op.i32Add];

function functionBody(): number[] {
  const splats = [0, 1, 2, 3, 4, 5].flatMap((k) => [
    ...get(FIRST_SCALAR + k),
    ...simd.splat,
    ...set(FIRST_SPLAT + k),
  ]);
  const b1 = FIRST_SPLAT;
  const c1 = FIRST_SPLAT + 1;
  const b2 = FIRST_SPLAT + 2;
  const c2 = FIRST_SPLAT + 3;
  const alpha = FIRST_SPLAT + 4;
  const eps = FIRST_SPLAT + 5;
  // biome-ignore format: one line per step of the formula
  const loopBody = [
    ...loadAt(G), ...set(GV),
    // m' = b1 * m + c1 * g
    ...get(b1), ...loadAt(M), ...simd.mul, ...get(c1), ...get(GV), ...simd.mul, ...simd.add, ...set(MV),
    // v' = b2 * v + c2 * g * g
    ...get(b2), ...loadAt(V), ...simd.mul,
    ...get(c2), ...get(GV), ...get(GV), ...simd.mul, ...simd.mul, ...simd.add, ...set(VV),
    ...addressAt(NM), ...get(MV), ...simd.store,
    ...addressAt(NV), ...get(VV), ...simd.store,
    // w' = w - (alpha * m') / (sqrt(v') + eps)
    ...addressAt(NW), ...loadAt(W),
    ...get(alpha), ...get(MV), ...simd.mul,
    ...get(VV), ...simd.sqrt, ...get(eps), ...simd.add,
    ...simd.div, ...simd.sub, ...simd.store,
    // i += 16; continue while i < bytes
    ...get(I), op.i32Const, 16, op.i32Add, op.localTee, I, ...get(BYTES), op.i32LtU, op.brIf, 0,
  ];
  // biome-ignore format: structured like the text form
  const code = [
    ...splats,
    op.block, op.void,
    ...get(BYTES), op.i32Eqz, op.brIf, 0,
    op.loop, op.void, ...loopBody, op.end,
    op.end,
    op.end,
  ];
  const locals = [2, 1, I32, 9, V128]; // 1 i32 (i), 9 v128
  return [...leb(locals.length + code.length), ...locals, ...code];
}

/** Unsigned LEB128. */
function leb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest !== 0);
  return bytes;
}

const section = (id: number, content: number[]) => [id, ...leb(content.length), ...content];
const name = (text: string) => [text.length, ...Array.from(text, (c) => c.charCodeAt(0))];

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const type = [0x60, 14, ...Array(8).fill(I32), ...Array(6).fill(F32), 0];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, ...type]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0x00]), // memory, min 0
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('adam'), 0x00, 0]),
    ...section(10, [1, ...functionBody()]),
  ]);
}

let compiled: WebAssembly.Module | null | undefined;
const instances = new WeakMap<WebAssembly.Memory, AdamSimdLoop>();

/**
 * The SIMD Adam loop bound to `memory`, or `null` where it cannot run: a runtime without
 * WebAssembly SIMD, or a shared (threaded) memory, which this module's import does not match.
 */
export function adamSimdLoopFor(memory: WebAssembly.Memory | undefined): AdamSimdLoop | null {
  const shared =
    typeof SharedArrayBuffer !== 'undefined' && memory?.buffer instanceof SharedArrayBuffer;
  if (memory === undefined || shared) return null;
  if (compiled === undefined) {
    const bytes = moduleBytes();
    compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  if (compiled === null) return null;
  let adam = instances.get(memory);
  if (adam === undefined) {
    const instance = new WebAssembly.Instance(compiled, { env: { memory } });
    adam = instance.exports.adam as AdamSimdLoop;
    instances.set(memory, adam);
  }
  return adam;
}
