// Where things land on the minimap: the flow's bounds (nodes plus what the canvas shows) fitted
// into the minimap's box, and the way back from a point on the minimap to a viewport.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** Flow coordinates -> minimap pixels: `pixel = (flow - origin) / scale`. */
export interface MiniMapFrame {
  originX: number;
  originY: number;
  /** Flow units per minimap pixel. */
  scale: number;
}

/** The part of the flow the canvas shows, in flow coordinates. */
export function visibleFlowRect(viewport: Viewport, canvasWidth: number, canvasHeight: number): Rect {
  return {
    x: -viewport.x / viewport.zoom,
    y: -viewport.y / viewport.zoom,
    width: canvasWidth / viewport.zoom,
    height: canvasHeight / viewport.zoom,
  };
}

export function unionRect(rects: Iterable<Rect>): Rect | undefined {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const r of rects) {
    minX = Math.min(minX, r.x);
    minY = Math.min(minY, r.y);
    maxX = Math.max(maxX, r.x + r.width);
    maxY = Math.max(maxY, r.y + r.height);
  }
  return minX === Infinity ? undefined : { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** Fits `bounds` into a `width`×`height` minimap, centred, with `padding` minimap pixels around it. */
export function fitFrame(bounds: Rect, width: number, height: number, padding = 6): MiniMapFrame {
  const innerWidth = Math.max(1, width - 2 * padding);
  const innerHeight = Math.max(1, height - 2 * padding);
  const scale = Math.max(bounds.width / innerWidth, bounds.height / innerHeight, Number.EPSILON);
  return {
    scale,
    originX: bounds.x + bounds.width / 2 - (width / 2) * scale,
    originY: bounds.y + bounds.height / 2 - (height / 2) * scale,
  };
}

export function toMiniMap(frame: MiniMapFrame, rect: Rect): Rect {
  return {
    x: (rect.x - frame.originX) / frame.scale,
    y: (rect.y - frame.originY) / frame.scale,
    width: rect.width / frame.scale,
    height: rect.height / frame.scale,
  };
}

/** The viewport, at the same zoom, that centres the canvas on the flow point under a minimap pixel. */
export function viewportCentredOn(
  frame: MiniMapFrame,
  pixelX: number,
  pixelY: number,
  zoom: number,
  canvasWidth: number,
  canvasHeight: number,
): Viewport {
  const flowX = frame.originX + pixelX * frame.scale;
  const flowY = frame.originY + pixelY * frame.scale;
  return { x: canvasWidth / 2 - flowX * zoom, y: canvasHeight / 2 - flowY * zoom, zoom };
}
