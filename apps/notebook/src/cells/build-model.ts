import type { BuiltModel } from '@mnist-wasm/pipeline';
import { cellHeading } from '../format';

/** In [2]: the model's Keras code and its summary. */
export function renderModel({ code, summary }: BuiltModel): string {
  return `${cellHeading(2, code)}\n${summary}`;
}
