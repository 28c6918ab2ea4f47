// The canvas's free room: Fit view and new nodes keep clear of the minimap and the zoom controls.
import * as assert from 'node:assert/strict';
import { freeSpot } from '../../src/webview/canvas/placement';
import {
  duplicateOffset,
  freeRects,
  hasRoomForMiniMap,
  isSameViewport,
  keepInside,
  largestFreeRect,
  overlayMargin,
  pasteOffset,
  toFlowRect,
  viewportShowing,
  viewportToFitInRoom,
  type Rect,
  type Viewport,
} from '../../src/webview/layout/canvas-room';
import { opensFitted } from '../../src/webview/layout/use-canvas-room';

const canvas = { width: 900, height: 560 };
// As the editor lays them out: the minimap at the bottom right, the zoom controls at the bottom left.
const minimap: Rect = { x: 900 - 15 - 160, y: 560 - 15 - 110, width: 160, height: 110 };
const controls: Rect = { x: 15, y: 560 - 15 - 112, width: 28, height: 112 };
const overlays = [minimap, controls];
const zoom = { min: 0.05, max: 1.2 };

function onScreen(r: Rect, v: Viewport): Rect {
  return { x: r.x * v.zoom + v.x, y: r.y * v.zoom + v.y, width: r.width * v.zoom, height: r.height * v.zoom };
}
function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
function inside(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}
const whole: Rect = { x: 0, y: 0, ...canvas };

/** A row of `count` cards 180×80, 240 apart, and optionally `rows` of them. */
function cards(count: number, rows = 1): Rect[] {
  return Array.from({ length: count * rows }, (_, i) => ({ x: (i % count) * 240, y: Math.floor(i / count) * 160, width: 180, height: 80 }));
}
function bounds(rects: Rect[]): Rect {
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  return {
    x,
    y,
    width: Math.max(...rects.map((r) => r.x + r.width)) - x,
    height: Math.max(...rects.map((r) => r.y + r.height)) - y,
  };
}

describe('canvas room', () => {
  it('lists the free rectangles beside and above the overlays, none touching one', () => {
    const rooms = freeRects(canvas, overlays);
    assert.ok(rooms.length >= 2);
    for (const room of rooms) {
      assert.ok(inside(whole, room), `${JSON.stringify(room)} lies in the canvas`);
      for (const o of overlays) assert.ok(!intersects(room, o), `${JSON.stringify(room)} keeps clear of ${JSON.stringify(o)}`);
    }
    const above = rooms.find((r) => r.x === 0 && r.y === 0 && r.width === canvas.width);
    assert.deepEqual(above, { x: 0, y: 0, width: 900, height: controls.y - overlayMargin }, 'the full-width strip above the overlays');
    assert.deepEqual(freeRects(canvas, []), [whole], 'without overlays the whole canvas is free');
  });

  it('fits a wide flow so that no node ends under the minimap or the zoom controls', () => {
    const nodes = cards(6, 4);
    const naive = viewportShowing(bounds(nodes), whole, zoom);
    assert.ok(
      nodes.some((n) => intersects(onScreen(n, naive), minimap) || intersects(onScreen(n, naive), controls)),
      'a fit that ignores the overlays puts a node under one (the bug this guards against)',
    );
    const viewport = viewportToFitInRoom(bounds(nodes), canvas, overlays, zoom);
    assert.ok(viewport);
    for (const node of nodes) {
      const shown = onScreen(node, viewport);
      assert.ok(inside(whole, shown), `${JSON.stringify(shown)} is on the canvas`);
      for (const o of overlays) assert.ok(!intersects(shown, o), `${JSON.stringify(shown)} is not under ${JSON.stringify(o)}`);
    }
  });

  it('fits a tall flow into the strip beside the minimap, where it shows largest', () => {
    const nodes = cards(1, 6);
    const viewport = viewportToFitInRoom(bounds(nodes), canvas, overlays, zoom);
    assert.ok(viewport);
    const shown = nodes.map((n) => onScreen(n, viewport));
    for (const r of shown) for (const o of overlays) assert.ok(!intersects(r, o));
    const aboveOnly = viewportShowing(bounds(nodes), { x: 0, y: 0, width: 900, height: controls.y - overlayMargin }, zoom);
    assert.ok(viewport.zoom > aboveOnly.zoom, `beside the minimap (zoom ${viewport.zoom}) beats above it (zoom ${aboveOnly.zoom})`);
  });

  it('has nothing to fit into a hidden canvas, and fits into the whole canvas when overlays leave no room', () => {
    assert.equal(viewportToFitInRoom(bounds(cards(2)), { width: 0, height: 0 }, overlays, zoom), undefined);
    const tiny = { width: 60, height: 60 };
    const viewport = viewportToFitInRoom(bounds(cards(2)), tiny, [{ x: 0, y: 0, width: 60, height: 60 }], zoom);
    assert.ok(viewport && viewport.zoom >= zoom.min);
  });

  it('places a new node inside the free room, never under the minimap, even when dropped onto it', () => {
    const viewport = { x: 0, y: 0, zoom: 1 };
    const room = toFlowRect(largestFreeRect(canvas, overlays), viewport);
    const size = { width: 220, height: 120 };
    const droppedOnMinimap = keepInside({ x: minimap.x + 20, y: minimap.y + 20 }, size, room);
    const spot = freeSpot(droppedOnMinimap, size, [], room);
    assert.ok(!intersects({ ...spot, ...size }, minimap), `${JSON.stringify(spot)} is clear of the minimap`);
    assert.ok(inside(room, { ...spot, ...size }));
  });

  it('looks for a free spot only inside the room, where the old search went under the minimap', () => {
    const room: Rect = { x: 0, y: 0, width: 700, height: 400 };
    const size = { width: 200, height: 110 };
    // The room is full but for its top-left corner.
    const taken: Rect[] = [
      { x: 400, y: 0, width: 300, height: 400 },
      { x: 0, y: 250, width: 400, height: 150 },
    ];
    const wanted = { x: 480, y: 280 };
    const unbounded = freeSpot(wanted, size, taken);
    assert.ok(!inside(room, { ...unbounded, ...size }), 'without a room the spot found lies outside it');
    const spot = freeSpot(wanted, size, taken, room);
    assert.ok(inside(room, { ...spot, ...size }), `${JSON.stringify(spot)} lies in the room`);
    for (const t of taken) assert.ok(!intersects({ ...spot, ...size }, t));
  });

  it('pastes next to the originals when they are in view, and into view when they are not', () => {
    const room: Rect = { x: 0, y: 0, width: 700, height: 400 };
    assert.deepEqual(pasteOffset({ x: 100, y: 100, width: 200, height: 100 }, room), { x: 40, y: 40 });
    const far = { x: 5000, y: -3000, width: 200, height: 100 };
    const offset = pasteOffset(far, room);
    assert.ok(inside(room, { x: far.x + offset.x, y: far.y + offset.y, width: far.width, height: far.height }), 'lands in the room');
    const nearEdge = { x: 600, y: 100, width: 200, height: 100 };
    const nudged = pasteOffset(nearEdge, room);
    assert.equal(nearEdge.x + nudged.x, 500, 'moved left just enough to end at the room’s right side');
  });

  it('duplicates beside the original, covering neither it nor another node, inside the room', () => {
    const room: Rect = { x: 0, y: 0, width: 900, height: 500 };
    const original: Rect = { x: 100, y: 100, width: 200, height: 90 };
    const moved = (r: Rect, o: { x: number; y: number }) => ({ ...r, x: r.x + o.x, y: r.y + o.y });
    // Alone: right beside it, a visible step away (the old 40 px step covered most of it).
    const alone = duplicateOffset([original], [original], room);
    assert.ok(alone.x >= original.width, `moved ${JSON.stringify(alone)}: the copy must clear the original`);
    assert.equal(alone.y, 0);
    // A neighbour on the right: the copy goes below instead, clear of both.
    const neighbour: Rect = { x: 330, y: 100, width: 200, height: 90 };
    const beside = duplicateOffset([original], [original, neighbour], room);
    for (const t of [original, neighbour]) assert.ok(!intersects(moved(original, beside), t), `covers ${JSON.stringify(t)}`);
    assert.ok(inside(room, moved(original, beside)));
    // At the room's right edge (the inspector beyond it): the copy stays inside, on the left or below.
    const atEdge: Rect = { x: 680, y: 100, width: 200, height: 90 };
    const inRoom = duplicateOffset([atEdge], [atEdge], room);
    assert.ok(inside(room, moved(atEdge, inRoom)), `${JSON.stringify(moved(atEdge, inRoom))} is outside the room`);
    assert.ok(!intersects(moved(atEdge, inRoom), atEdge));
    // Two selected nodes keep their arrangement and clear every node.
    const pair = [original, { x: 100, y: 220, width: 200, height: 90 }];
    const pairOffset = duplicateOffset(pair, pair, room);
    for (const copy of pair.map((b) => moved(b, pairOffset))) {
      assert.ok(inside(room, copy));
      for (const t of pair) assert.ok(!intersects(copy, t));
    }
  });

  it('duplicates into a free gap of a crowded room before going outside it', () => {
    const room: Rect = { x: 0, y: 0, width: 700, height: 500 };
    // A row of nodes with the original in the middle, another row below, and a free corner at the bottom right.
    const size = { width: 200, height: 90 };
    const taken: Rect[] = [
      { x: 0, y: 0, ...size },
      { x: 240, y: 0, ...size },
      { x: 480, y: 0, ...size },
      { x: 0, y: 130, ...size },
      { x: 240, y: 130, ...size },
      { x: 480, y: 130, ...size },
      { x: 0, y: 260, ...size },
    ];
    const original = taken[4]!;
    const offset = duplicateOffset([original], taken, room);
    const copy = { ...original, x: original.x + offset.x, y: original.y + offset.y };
    assert.ok(inside(room, copy), `${JSON.stringify(copy)} is outside the room`);
    for (const t of taken) assert.ok(!intersects(copy, t), `${JSON.stringify(copy)} covers ${JSON.stringify(t)}`);
  });

  it('leaves the minimap out of a canvas too small to keep it clear of the zoom controls', () => {
    const miniMap = { width: 150, height: 100 };
    assert.equal(hasRoomForMiniMap(canvas, miniMap), true);
    // 220 px wide would put the minimap's left side 12 px from the controls' column (15 + 28 px from the left).
    assert.equal(hasRoomForMiniMap({ width: 220, height: 560 }, miniMap), false);
    assert.equal(hasRoomForMiniMap({ width: 900, height: 200 }, miniMap), false);
  });

  it('tells a fit still in place from a moved view', () => {
    assert.ok(isSameViewport({ x: 10, y: 20, zoom: 1 }, { x: 10.2, y: 19.9, zoom: 1.0004 }));
    assert.ok(!isSameViewport({ x: 10, y: 20, zoom: 1 }, { x: 40, y: 20, zoom: 1 }));
    assert.ok(!isSameViewport({ x: 10, y: 20, zoom: 1 }, { x: 10, y: 20, zoom: 0.9 }));
  });

  it('opens fitted without a saved view, or when the saved view was still a fit', () => {
    assert.equal(opensFitted({ isViewFitted: false }, 3), true);
    assert.equal(opensFitted({ isViewFitted: false }, 1000), false, 'a large flow opens at its top-left corner');
    assert.equal(opensFitted({ viewport: { x: 1, y: 2, zoom: 1 }, isViewFitted: false }, 3), false);
    assert.equal(opensFitted({ viewport: { x: 1, y: 2, zoom: 1 }, isViewFitted: true }, 1000), true);
  });
});
