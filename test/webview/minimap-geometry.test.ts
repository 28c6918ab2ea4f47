import * as assert from 'node:assert/strict';
import { fitFrame, toMiniMap, unionRect, viewportCentredOn, visibleFlowRect } from '../../src/webview/canvas/minimap-geometry';

describe('minimap geometry', () => {
  it('maps the visible part of the canvas back to flow coordinates', () => {
    assert.deepEqual(visibleFlowRect({ x: -200, y: 100, zoom: 2 }, 800, 600), { x: 100, y: -50, width: 400, height: 300 });
  });

  it('fits the bounds of every rectangle, centred, inside the padded minimap', () => {
    const bounds = unionRect([
      { x: 0, y: 0, width: 100, height: 50 },
      { x: 900, y: 200, width: 100, height: 50 },
    ]);
    assert.deepEqual(bounds, { x: 0, y: 0, width: 1000, height: 250 });
    const frame = fitFrame(bounds!, 200, 150, 0);
    assert.equal(frame.scale, 5, 'the wider side decides the scale');
    const shown = toMiniMap(frame, bounds!);
    assert.deepEqual(shown, { x: 0, y: 50, width: 200, height: 50 }, 'the shorter side is centred');
    assert.equal(unionRect([]), undefined);
  });

  it('centres the canvas on the flow point under a minimap pixel, keeping the zoom', () => {
    const frame = fitFrame({ x: 0, y: 0, width: 1000, height: 750 }, 200, 150, 0);
    const viewport = viewportCentredOn(frame, 100, 75, 0.5, 800, 600);
    // The minimap's centre is the flow point (500, 375); at zoom 0.5 it lands on the canvas centre.
    assert.deepEqual(viewport, { x: 400 - 500 * 0.5, y: 300 - 375 * 0.5, zoom: 0.5 });
    const centre = visibleFlowRect(viewport, 800, 600);
    assert.equal(centre.x + centre.width / 2, 500);
    assert.equal(centre.y + centre.height / 2, 375);
  });
});
