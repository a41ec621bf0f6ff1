// One renderer per message from the worker, by its type.
import { type Page, updateControls } from '../page';
import type { WorkerToPage } from '../protocol';
import { drawingRenderers } from './drawing';
import { firstCellRenderers } from './first-cells';
import { fitCellRenderers } from './fit-cell';
import type { Renderer, Renderers } from './renderer';
import { savedRenderers } from './saved';
import { testCellRenderers } from './test-cells';
import { workerStateRenderers } from './worker-state';

const renderers: Renderers = {
  ...workerStateRenderers,
  ...firstCellRenderers,
  ...fitCellRenderers,
  ...testCellRenderers,
  ...drawingRenderers,
  ...savedRenderers,
};

/** Shows `message` with its renderer, then enables the controls that fit the new state. */
export function render(page: Page, message: WorkerToPage): void {
  (renderers[message.type] as Renderer<WorkerToPage['type']>)(message, page);
  updateControls(page);
}
