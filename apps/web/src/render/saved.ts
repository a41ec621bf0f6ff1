// Save's answer: the model's files as two downloads, and where the browser stored it.
import type { Renderers } from './renderer';

function download(name: string, blob: Blob): HTMLAnchorElement {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.textContent = name;
  return link;
}

export const savedRenderers = {
  saved: (message, { ui }) => {
    const json = new Blob([message.modelJson], { type: 'application/json' });
    const weights = new Blob([message.weights as Uint8Array<ArrayBuffer>], {
      type: 'application/octet-stream',
    });
    const links = [download('model.json', json), download(message.weightsName, weights)];
    for (const link of links) link.click();
    ui.saved.replaceChildren(
      'Saved ',
      links[0]!,
      ' and ',
      links[1]!,
      ` (TF.js layers format: classify with mnist-notebook predict --model DIR), and stored in ${message.indexedDb}.`,
    );
    ui.saved.hidden = false;
  },
} satisfies Partial<Renderers>;
