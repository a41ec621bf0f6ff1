import type { Page } from '../page';
import type { MessageOf, WorkerToPage } from '../protocol';

/** Shows one kind of message from the worker on the page. */
export type Renderer<T extends WorkerToPage['type']> = (message: MessageOf<T>, page: Page) => void;

/** A renderer for every kind of message. */
export type Renderers = { [T in WorkerToPage['type']]: Renderer<T> };
