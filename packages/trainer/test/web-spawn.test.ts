import { describe, expect, it, vi } from 'vitest';
import type {
  TrainingThreadEvents,
  TrainingThreadInit,
  TrainingThreadReply,
} from '../src/parallel/thread-protocol';
import { workerErrorText } from '../src/parallel/web-spawn';
import type { TrainingThreadScope } from '../src/parallel/web-training-thread';
import { serveWebTrainingThread } from '../src/parallel/web-training-thread';
import {
  type TrainingWorker,
  type WebTrainingThreadStart,
  webTrainingThreadSpawner,
} from '../src/web';

type Listener = (event: never) => void;

/** A Worker that records what it is sent and lets the test fire its events. */
class FakeWorker implements TrainingWorker {
  readonly sent: WebTrainingThreadStart[] = [];
  readonly listeners = new Map<string, Listener[]>();
  terminated = 0;

  postMessage(message: WebTrainingThreadStart): void {
    this.sent.push(message);
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  terminate(): void {
    this.terminated += 1;
  }
  /** Fires `type` with `event`; returns whether a listener called `preventDefault`. */
  fire(type: string, event: object): boolean {
    let prevented = false;
    const full = {
      ...event,
      preventDefault: () => {
        prevented = true;
      },
    };
    for (const listener of this.listeners.get(type) ?? []) listener(full as never);
    return prevented;
  }
}

/** Events that record every call, in order. */
function recordingEvents() {
  const calls: [string, unknown][] = [];
  const events: TrainingThreadEvents = {
    message: (reply) => calls.push(['message', reply]),
    error: (error) => calls.push(['error', error.message]),
    exit: (code) => calls.push(['exit', code]),
  };
  return { calls, events };
}

const init = { index: 1, threads: 2 } as TrainingThreadInit;
const wasmPaths = 'https://example.org/app/wasm/';

function spawnOne() {
  const worker = new FakeWorker();
  const { calls, events } = recordingEvents();
  const handle = webTrainingThreadSpawner({ createWorker: () => worker, wasmPaths })(init, events);
  return { worker, calls, handle };
}

describe('webTrainingThreadSpawner', () => {
  it('starts a worker for the thread and sends it the init with the wasm paths, once', () => {
    const { worker } = spawnOne();
    expect(worker.sent).toEqual([{ init, wasmPaths }]);
  });

  it("passes the thread's replies on as messages", () => {
    const { worker, calls } = spawnOne();
    const replies: TrainingThreadReply[] = [
      { kind: 'ready' },
      { kind: 'failed', message: 'Error: no plan' },
      { kind: 'stopped' },
    ];
    for (const reply of replies) worker.fire('message', { data: reply });
    expect(calls).toEqual(replies.map((reply) => ['message', reply]));
  });

  it('maps an error event to an error naming its message and place, kept from the parent', () => {
    const { worker, calls } = spawnOne();
    const prevented = worker.fire('error', {
      message: 'Uncaught RangeError: out of memory',
      filename: 'https://example.org/app/assets/training-thread.js',
      lineno: 12,
    });
    expect(prevented).toBe(true);
    expect(calls).toEqual([
      [
        'error',
        'Uncaught RangeError: out of memory (https://example.org/app/assets/training-thread.js:12)',
      ],
    ]);
  });

  it("says a bare error event (a script that did not load) is the thread's script not starting", () => {
    const { worker, calls } = spawnOne();
    worker.fire('error', {});
    expect(calls).toEqual([['error', workerErrorText({})]]);
    expect(workerErrorText({})).toMatch(/script could not be loaded or did not start/);
  });

  it('maps messageerror to an error', () => {
    const { worker, calls } = spawnOne();
    worker.fire('messageerror', {});
    expect(calls).toEqual([['error', expect.stringMatching(/could not be read \(messageerror\)/)]]);
  });

  it('terminate ends the worker, resolves at once, reports no exit and nothing after', async () => {
    const { worker, calls, handle } = spawnOne();
    await expect(handle.terminate()).resolves.toBeUndefined();
    expect(worker.terminated).toBe(1);
    worker.fire('message', { data: { kind: 'stopped' } });
    worker.fire('error', { message: 'late' });
    expect(calls).toEqual([]);
  });

  it('lets createWorker throw, so train fails to start rather than hang', () => {
    const spawn = webTrainingThreadSpawner({
      createWorker: () => {
        throw new ReferenceError('Worker is not defined');
      },
      wasmPaths,
    });
    expect(() => spawn(init, recordingEvents().events)).toThrow(/Worker is not defined/);
  });
});

describe('serveWebTrainingThread', () => {
  it('posts failed with the error and closes the worker when the backend cannot start', async () => {
    const listeners: ((event: { data: unknown }) => void)[] = [];
    const posted: TrainingThreadReply[] = [];
    const closed = vi.fn();
    const scope: TrainingThreadScope = {
      addEventListener: (_type, listener) => listeners.push(listener),
      postMessage: (reply) => posted.push(reply),
      close: closed,
    };
    serveWebTrainingThread(scope);
    // `threads: 1` in Node is accepted and ignored; a wasmPaths folder that does not exist is not.
    const start: WebTrainingThreadStart = { init, wasmPaths: '/nonexistent/wasm/' };
    for (const listener of listeners) listener({ data: start });
    await vi.waitFor(() => expect(closed).toHaveBeenCalled(), { timeout: 20_000 });
    expect(posted).toEqual([{ kind: 'failed', message: expect.stringMatching(/wasm/i) }]);
  });
});
