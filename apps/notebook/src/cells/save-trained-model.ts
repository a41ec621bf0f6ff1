import type { SavedModelFiles } from '@mnist-wasm/pipeline/node';
import { cellHeading } from '../format';

/** In [9]'s heading: `model.save(dir)`, printed before the files are written. */
export function saveHeading(dir: string): string {
  return cellHeading(9, `model.save('${dir}')`);
}

/** In [9]: what was written, and how to classify with it. */
export function renderSaved({ dir, weightBytes }: SavedModelFiles): string {
  return (
    `saved to ${dir}: model.json + weights.bin (${weightBytes} bytes); ` +
    `classify with: mnist-notebook predict --model ${dir} --index 0`
  );
}
