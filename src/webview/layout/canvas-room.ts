// The part of the canvas that overlays (minimap, zoom controls, an open edge value) leave free, and
// what uses it: fitting the flow into it, and placing new nodes inside it. Plain geometry in canvas
// pixels and flow coordinates, so it is testable without a browser.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface ZoomRange {
  min: number;
  max: number;
}

/** Room kept between an overlay and the nodes fitted or placed beside it, in canvas pixels. */
export const overlayMargin = 8;
/** A free rectangle narrower or lower than this is no room for a node. */
const smallestRoom = 48;

const area = (r: Rect) => Math.max(0, r.width) * Math.max(0, r.height);
const right = (r: Rect) => r.x + r.width;
const bottom = (r: Rect) => r.y + r.height;

function intersects(a: Rect, b: Rect): boolean {
  return a.x < right(b) && b.x < right(a) && a.y < bottom(b) && b.y < bottom(a);
}

function contains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && right(inner) <= right(outer) && bottom(inner) <= bottom(outer);
}

/**
 * Every maximal rectangle of the canvas that no overlay (grown by `margin`) touches. An overlay
 * splits each free rectangle it meets into the parts left of, right of, above and below it.
 */
export function freeRects(canvas: Size, overlays: readonly Rect[], margin = overlayMargin): Rect[] {
  let free: Rect[] = [{ x: 0, y: 0, width: canvas.width, height: canvas.height }];
  for (const overlay of overlays) {
    const o = { x: overlay.x - margin, y: overlay.y - margin, width: overlay.width + 2 * margin, height: overlay.height + 2 * margin };
    const next: Rect[] = [];
    for (const r of free) {
      if (!intersects(r, o)) {
        next.push(r);
        continue;
      }
      const parts: Rect[] = [
        { x: r.x, y: r.y, width: o.x - r.x, height: r.height },
        { x: right(o), y: r.y, width: right(r) - right(o), height: r.height },
        { x: r.x, y: r.y, width: r.width, height: o.y - r.y },
        { x: r.x, y: bottom(o), width: r.width, height: bottom(r) - bottom(o) },
      ];
      next.push(...parts.filter((p) => p.width >= smallestRoom && p.height >= smallestRoom));
    }
    // Drop rectangles inside others: only maximal ones are candidates.
    free = next.filter((r, i) => !next.some((other, j) => j !== i && contains(other, r) && (area(other) > area(r) || j < i)));
  }
  return free;
}

/** The viewport that shows `bounds` (flow coordinates) centred in `room` (canvas pixels), with `padding` pixels around. */
export function viewportShowing(bounds: Rect, room: Rect, zoom: ZoomRange, padding = 24): Viewport {
  const width = Math.max(1, room.width - 2 * padding);
  const height = Math.max(1, room.height - 2 * padding);
  const fitted = Math.min(width / Math.max(bounds.width, 1), height / Math.max(bounds.height, 1));
  const z = Math.min(zoom.max, Math.max(zoom.min, fitted));
  return {
    x: room.x + room.width / 2 - (bounds.x + bounds.width / 2) * z,
    y: room.y + room.height / 2 - (bounds.y + bounds.height / 2) * z,
    zoom: z,
  };
}

/**
 * The viewport that shows `bounds` as large as the free room allows: of every free rectangle,
 * the one that fits it at the highest zoom (a wide flow takes the strip above the minimap, a tall
 * one the strip beside it). Undefined when the canvas has no size (hidden).
 */
export function viewportToFitInRoom(bounds: Rect, canvas: Size, overlays: readonly Rect[], zoom: ZoomRange): Viewport | undefined {
  if (canvas.width <= 0 || canvas.height <= 0) return undefined;
  const rooms = freeRects(canvas, overlays);
  let best: Viewport | undefined;
  for (const room of rooms.length ? rooms : [{ x: 0, y: 0, ...canvas }]) {
    const viewport = viewportShowing(bounds, room, zoom);
    if (!best || viewport.zoom > best.zoom + 1e-9) best = viewport;
  }
  return best;
}

/** The largest free rectangle: where new nodes go. The whole canvas when overlays leave no room. */
export function largestFreeRect(canvas: Size, overlays: readonly Rect[]): Rect {
  const rooms = freeRects(canvas, overlays);
  return rooms.reduce<Rect>((best, r) => (area(r) > area(best) ? r : best), rooms[0] ?? { x: 0, y: 0, ...canvas });
}

/** A rectangle in canvas pixels as flow coordinates under `viewport`. */
export function toFlowRect(r: Rect, viewport: Viewport): Rect {
  return {
    x: (r.x - viewport.x) / viewport.zoom,
    y: (r.y - viewport.y) / viewport.zoom,
    width: r.width / viewport.zoom,
    height: r.height / viewport.zoom,
  };
}

/** The top-left corner that puts a box of `size` at `wanted`, moved the least so it lies inside `room` (flow coordinates). */
export function keepInside(wanted: { x: number; y: number }, size: Size, room: Rect): { x: number; y: number } {
  const clamp = (value: number, low: number, high: number) => (high < low ? low : Math.min(high, Math.max(low, value)));
  return { x: clamp(wanted.x, room.x, right(room) - size.width), y: clamp(wanted.y, room.y, bottom(room) - size.height) };
}

/** The top-left corner of a box of `size` centred in `room`, never left of or above it. */
export function centredIn(size: Size, room: Rect): { x: number; y: number } {
  return keepInside({ x: room.x + (room.width - size.width) / 2, y: room.y + (room.height - size.height) / 2 }, size, room);
}

/**
 * How far to move pasted nodes whose `bounds` were copied: the usual small step from the
 * originals when that lands them inside `room` (flow coordinates), else as little further as
 * keeps them inside it (centred in it when the originals are far off screen).
 */
export function pasteOffset(bounds: Rect, room: Rect, step = { x: 40, y: 40 }): { x: number; y: number } {
  const stepped = { x: bounds.x + step.x, y: bounds.y + step.y };
  const size = { width: bounds.width, height: bounds.height };
  const target = intersects({ ...stepped, ...size }, room) ? keepInside(stepped, size, room) : centredIn(size, room);
  return { x: target.x - bounds.x, y: target.y - bounds.y };
}

/** Room kept between a duplicate and every other node, so neither hides the other's handles. */
const duplicateGap = 24;

/**
 * How far to move duplicates of the nodes at `boxes` (flow coordinates): the nearest place beside
 * the originals (right, below, left, above, the diagonals, then a step further) where no copy
 * overlaps any node in `taken` (the originals among them) and every copy lies inside `room`, the
 * free part of the visible canvas. When no such place is left in the room, the first free place
 * outside it: covering a node would hide it, and the caller can bring the copy into view.
 */
export function duplicateOffset(boxes: readonly Rect[], taken: readonly Rect[], room?: Rect): { x: number; y: number } {
  if (boxes.length === 0) return { x: 0, y: 0 };
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  const bounds = { x: left, y: top, width: Math.max(...boxes.map(right)) - left, height: Math.max(...boxes.map(bottom)) - top };
  const grown = (r: Rect) => ({
    x: r.x - duplicateGap,
    y: r.y - duplicateGap,
    width: r.width + 2 * duplicateGap,
    height: r.height + 2 * duplicateGap,
  });
  const isFree = (dx: number, dy: number) =>
    boxes.every((b) => taken.every((t) => !intersects(grown({ ...b, x: b.x + dx, y: b.y + dy }), t)));
  const isInRoom = (dx: number, dy: number) => !room || contains(room, { ...bounds, x: bounds.x + dx, y: bounds.y + dy });
  const stepX = bounds.width + duplicateGap;
  const stepY = bounds.height + duplicateGap;
  const candidates: { x: number; y: number }[] = [];
  for (let ring = 1; ring <= 6; ring++) {
    for (const [sx, sy] of [
      [1, 0],
      [0, 1],
      [-1, 0],
      [0, -1],
      [1, 1],
      [-1, 1],
      [1, -1],
      [-1, -1],
    ] as const)
      candidates.push({ x: sx * ring * stepX, y: sy * ring * stepY });
  }
  // Half steps too: a copy half a node away still covers nothing when the neighbours leave room.
  for (const [sx, sy] of [
    [0.5, 1],
    [1, 0.5],
    [-0.5, 1],
    [1, -0.5],
  ] as const)
    candidates.push({ x: sx * stepX, y: sy * stepY });
  const free = candidates.filter((c) => isFree(c.x, c.y));
  return free.find((c) => isInRoom(c.x, c.y)) ?? (room && freeInRoom(room)) ?? free[0] ?? { x: stepX, y: 0 };

  /** The free place in the room nearest the originals, on a grid of half steps (bounded: at most 40 × 40 places). */
  function freeInRoom(within: Rect): { x: number; y: number } | undefined {
    const cellX = Math.max(stepX / 2, (within.width - bounds.width) / 40);
    const cellY = Math.max(stepY / 2, (within.height - bounds.height) / 40);
    let best: { x: number; y: number; distance: number } | undefined;
    for (let y = within.y; y + bounds.height <= bottom(within); y += cellY) {
      for (let x = within.x; x + bounds.width <= right(within); x += cellX) {
        const [dx, dy] = [x - bounds.x, y - bounds.y];
        const distance = Math.hypot(dx, dy);
        if ((!best || distance < best.distance) && isFree(dx, dy)) best = { x: dx, y: dy, distance };
      }
    }
    return best && { x: best.x, y: best.y };
  }
}

/**
 * Whether the canvas can spare the room for a minimap of `miniMap` size in its bottom-right corner:
 * three minimap widths leave the zoom controls in the other corner well clear of it, and a canvas
 * lower than two and a half minimaps would be mostly minimap.
 */
export function hasRoomForMiniMap(canvas: Size, miniMap: Size): boolean {
  return canvas.width >= 3 * miniMap.width && canvas.height >= 2.5 * miniMap.height;
}

/** Two viewports the eye cannot tell apart: a fit that is still in place. */
export function isSameViewport(a: Viewport, b: Viewport): boolean {
  return Math.abs(a.x - b.x) < 0.5 && Math.abs(a.y - b.y) < 0.5 && Math.abs(a.zoom - b.zoom) < 1e-3;
}
