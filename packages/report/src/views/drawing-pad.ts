/** Options of {@link createDrawingPad}. */
export interface DrawingPadOptions {
  /**
   * Receives the whole canvas (at its backing-store size, i.e. CSS size × devicePixelRatio; black
   * ink on white) after drawing, at most once per animation frame.
   */
  onChange(image: ImageData): void;
  /** Called after the pad is cleared, by `clear()` or by the keyboard (Escape, Delete). */
  onClear?(): void;
}

/** A square pad to draw a digit on with a pointer or the keyboard. */
export interface DrawingPad {
  /**
   * Resets the pad to white. Does not call `onChange` (a blank pad is not a digit to classify);
   * cancels a pending `onChange` and calls `onClear`.
   */
  clear(): void;
  /** The drawing surface (`data-testid="pad"`). */
  canvas: HTMLCanvasElement;
}

/** Side of the pad, in CSS pixels. */
const SIDE = 280;
/** Stroke width: about a twelfth of the side, like a pen stroke in an MNIST digit. */
const LINE_WIDTH = SIDE / 12;
/** Keyboard cursor step, in CSS pixels (one MNIST pixel); Shift moves three times as far. */
const STEP = SIDE / 28;

interface Point {
  x: number;
  y: number;
}

/**
 * Creates a drawing pad and appends it to `container`. Draw with a mouse, a finger or a pen; or
 * focus it and use the arrow keys to move the cursor, Space or Enter to put the pen down or lift
 * it, Escape or Delete to clear.
 */
export function createDrawingPad(container: HTMLElement, options: DrawingPadOptions): DrawingPad {
  const root = document.createElement('div');
  root.className = 'drawing-pad';

  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(SIDE * ratio);
  canvas.height = Math.round(SIDE * ratio);
  canvas.style.width = `${SIDE}px`;
  canvas.style.height = `${SIDE}px`;
  canvas.tabIndex = 0;
  canvas.dataset.testid = 'pad';
  canvas.setAttribute('role', 'application');
  canvas.setAttribute('aria-roledescription', 'drawing pad');
  canvas.setAttribute(
    'aria-label',
    'Drawing pad: draw a digit with a pointer, or use the arrow keys to move the cursor, ' +
      'Space or Enter to put the pen down or lift it, and Escape or Delete to clear.',
  );

  const cursor = document.createElement('div');
  cursor.className = 'drawing-pad__cursor';
  cursor.style.width = `${LINE_WIDTH}px`;
  cursor.style.height = `${LINE_WIDTH}px`;

  root.append(canvas, cursor);
  container.append(root);

  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.scale(ratio, ratio);
  context.lineCap = 'round';
  context.lineJoin = 'round';
  context.lineWidth = LINE_WIDTH;
  context.strokeStyle = '#000';
  context.fillStyle = '#000';

  /** Paints the whole pad white. */
  const fillWhite = (): void => {
    context.save();
    context.fillStyle = '#fff';
    context.fillRect(0, 0, SIDE, SIDE);
    context.restore();
  };
  fillWhite();

  let frame = 0;
  /** Reports the image on the next animation frame, once however many segments were drawn. */
  const scheduleChange = (): void => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      options.onChange(context.getImageData(0, 0, canvas.width, canvas.height));
    });
  };

  /** Draws a segment (a dot when `from` equals `to`) and schedules `onChange`. */
  const stroke = (from: Point, to: Point): void => {
    context.beginPath();
    if (from.x === to.x && from.y === to.y) {
      // Canvas drops zero-length segments, round caps or not: paint the dot.
      context.arc(to.x, to.y, LINE_WIDTH / 2, 0, 2 * Math.PI);
      context.fill();
    } else {
      context.moveTo(from.x, from.y);
      context.lineTo(to.x, to.y);
      context.stroke();
    }
    scheduleChange();
  };

  /** Resets the pad to white without classifying it. */
  const clear = (): void => {
    cancelAnimationFrame(frame);
    frame = 0;
    fillWhite();
    options.onClear?.();
  };

  // Keyboard cursor state, also reset by pointer input.
  const position: Point = { x: SIDE / 2, y: SIDE / 2 };
  let penDown = false;

  /** Shows or hides the keyboard cursor and moves it to `position`. */
  const showCursor = (visible: boolean): void => {
    cursor.classList.toggle('is-visible', visible);
    cursor.classList.toggle('is-pen-down', penDown);
    const left = canvas.offsetLeft + canvas.clientLeft + (position.x * canvas.clientWidth) / SIDE;
    const top = canvas.offsetTop + canvas.clientTop + (position.y * canvas.clientHeight) / SIDE;
    cursor.style.transform = `translate(${left - LINE_WIDTH / 2}px, ${top - LINE_WIDTH / 2}px)`;
  };

  // Pointer input: one pointer at a time, captured so strokes continue outside the canvas.
  let pointerId: number | null = null;
  let last: Point = { x: 0, y: 0 };

  /** Position of a pointer event in pad coordinates, whatever size CSS gives the canvas. */
  const toPad = (event: PointerEvent): Point => {
    const rect = canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) * SIDE) / rect.width,
      y: ((event.clientY - rect.top) * SIDE) / rect.height,
    };
  };

  canvas.addEventListener('pointerdown', (event) => {
    if (pointerId !== null || (event.pointerType === 'mouse' && event.button !== 0)) return;
    event.preventDefault();
    canvas.focus({ preventScroll: true });
    penDown = false;
    showCursor(false);
    pointerId = event.pointerId;
    try {
      canvas.setPointerCapture(pointerId);
    } catch {
      // Capture only keeps strokes going outside the canvas; synthetic events cannot be captured.
    }
    last = toPad(event);
    stroke(last, last);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (event.pointerId !== pointerId) return;
    const events = event.getCoalescedEvents?.() ?? [];
    for (const point of (events.length > 0 ? events : [event]).map(toPad)) {
      stroke(last, point);
      last = point;
    }
  });
  const endStroke = (event: PointerEvent): void => {
    if (event.pointerId === pointerId) pointerId = null;
  };
  canvas.addEventListener('pointerup', endStroke);
  canvas.addEventListener('pointercancel', endStroke);

  // Keyboard input: a visible cursor moved by the arrow keys, drawing while the pen is down.
  const moves: Record<string, Point> = {
    ArrowLeft: { x: -1, y: 0 },
    ArrowRight: { x: 1, y: 0 },
    ArrowUp: { x: 0, y: -1 },
    ArrowDown: { x: 0, y: 1 },
  };

  canvas.addEventListener('keydown', (event) => {
    const move = moves[event.key];
    if (move) {
      const step = event.shiftKey ? STEP * 3 : STEP;
      const from = { ...position };
      position.x = Math.min(SIDE, Math.max(0, position.x + move.x * step));
      position.y = Math.min(SIDE, Math.max(0, position.y + move.y * step));
      if (penDown) stroke(from, position);
    } else if (event.key === ' ' || event.key === 'Enter') {
      penDown = !penDown;
      if (penDown) stroke(position, position);
    } else if (event.key === 'Escape' || event.key === 'Delete') {
      clear();
    } else {
      return;
    }
    event.preventDefault();
    showCursor(true);
  });
  canvas.addEventListener('focus', () => {
    if (canvas.matches(':focus-visible')) showCursor(true);
  });
  canvas.addEventListener('blur', () => {
    penDown = false;
    showCursor(false);
  });

  return { clear, canvas };
}
