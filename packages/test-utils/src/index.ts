export {
  type BmpOptions,
  encodeBmp,
  grayPalette,
  quantize,
  type RgbaPixels,
} from './bmp-files';
export { useCpuBackend } from './cpu-backend';
export { jpegWithExif, pngWithExif, storedFor, tiffWithOrientation } from './exif-files';
export { prng } from './random';
export { type TempFolder, useTempFolder } from './temp-folder';
export { expectNoNewTensors } from './tensor-count';
export { thrown } from './thrown';
export { weightValues } from './weights';
