/** The binary module assembled from `text` (WebAssembly text with SIMD), without debug names. */
export function assembleWat(fileName: string, text: string): Promise<Uint8Array<ArrayBuffer>>;
/** The generated TypeScript module for `bytes` assembled from `watFile` (path in the package). */
export function generatedModule(watFile: string, bytes: Uint8Array): string;
