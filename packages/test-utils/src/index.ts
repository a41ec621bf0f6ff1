export {
  type BmpOptions,
  encodeBmp,
  grayPalette,
  quantize,
  type RgbaPixels,
} from './bmp-files';
export { boldDigit, type GrayImage } from './bold-digit';
export { useCpuBackend } from './cpu-backend';
export { jpegWithExif, pngWithExif, storedFor, tiffWithOrientation } from './exif-files';
export { bandedSplit, idxFile } from './idx-files';
export { prng } from './random';
export { type TempFolder, useTempFolder } from './temp-folder';
export { expectNoNewTensors } from './tensor-count';
export { thrown } from './thrown';
export {
  animatedWebp,
  animChunk,
  anmfChunk,
  STILL_WEBP,
  vp8xChunk,
  webpChunk,
  webpRiff,
} from './webp-files';
export { weightValues } from './weights';
