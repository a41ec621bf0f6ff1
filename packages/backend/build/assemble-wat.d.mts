/** The binary module assembled from `text` (WebAssembly text with SIMD), without debug names. */
export function assembleWat(fileName: string, text: string): Promise<Uint8Array<ArrayBuffer>>;
/** The generated TypeScript module for `bytes` assembled from `watFile` (path in the package). */
export function generatedModule(watFile: string, bytes: Uint8Array): string;
/** The parts the module in `watPath` includes (its `;; @include PART.wat` lines), in order. */
export function watParts(watPath: string): Promise<string[]>;
/** The text of the module in `watPath` with each included part's text in place of its line. */
export function readWat(watPath: string): Promise<string>;
