/**
 * Returns a function that yields to the event loop when `intervalMs` have passed since the last
 * yield, and otherwise returns at once, so a long loop lets the UI repaint at a small, bounded cost.
 */
export function createEventLoopYielder(intervalMs: number): () => Promise<void> | undefined {
  let last = performance.now();
  return () => {
    if (performance.now() - last < intervalMs) return undefined;
    return nextMacrotask().then(() => {
      last = performance.now();
    });
  };
}

/** Resolves in a new macrotask: `setImmediate` in Node, a `MessageChannel` message in browsers. */
export function nextMacrotask(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown })
    .setImmediate;
  if (typeof immediate === 'function') return new Promise((resolve) => immediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
