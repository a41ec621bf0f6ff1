import { saveModel } from '@mnist-wasm/model/node';
import type * as tfl from '@tensorflow/tfjs-layers';
import { cellHeading } from '../format';
import type { Print } from '../notebook-output';

/** In [9]: `model.save(dir)`, in TF.js's layers format, and how to classify with it. */
export async function saveTrainedModel(
  model: tfl.LayersModel,
  dir: string,
  print: Print,
): Promise<void> {
  print(cellHeading(9, `model.save('${dir}')`));
  const { modelArtifactsInfo } = await saveModel(model, dir);
  print(
    `saved to ${dir}: model.json + weights.bin (${modelArtifactsInfo.weightDataBytes} bytes); ` +
      `classify with: mnist-notebook predict --model ${dir} --index 0`,
  );
}
