// Where a node placed from the palette goes: the requested point, or the nearest free spot below or
// beside it, so a new node never lands on top of another (and hides its handles); given the room the
// canvas shows free of overlays, only spots inside it.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const gap = 24;

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

export function freeSpot(
  wanted: { x: number; y: number },
  size: { width: number; height: number },
  taken: readonly Rect[],
  within?: Rect,
): { x: number; y: number } {
  const isInside = (r: Rect) =>
    !within ||
    (r.x >= within.x && r.y >= within.y && r.x + r.width <= within.x + within.width && r.y + r.height <= within.y + within.height);
  // Rings of candidates around the wanted point, nearest first.
  for (let ring = 0; ring < 40; ring += 1) {
    for (const [dx, dy] of ring === 0
      ? [[0, 0]]
      : [
          [0, ring],
          [ring, 0],
          [0, -ring],
          [-ring, 0],
          [ring, ring],
          [-ring, ring],
          [ring, -ring],
          [-ring, -ring],
        ]) {
      const candidate = { x: wanted.x + (dx ?? 0) * (size.width / 2 + gap), y: wanted.y + (dy ?? 0) * (size.height / 2 + gap), ...size };
      if (isInside(candidate) && !taken.some((r) => overlaps(candidate, r))) return { x: candidate.x, y: candidate.y };
    }
  }
  return wanted;
}
