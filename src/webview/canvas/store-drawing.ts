// Canvases drawn from React Flow's store (the minimap, and the edges when far zoomed out): redrawn
// at most once a frame whatever changed, in the theme's colours.
import { useStoreApi, type ReactFlowState } from '@xyflow/react';
import { useCallback, useEffect, useRef, type RefObject } from 'react';

/** Colour name → the CSS custom property it is read from, and a fallback. */
export type Palette<K extends string> = Readonly<Record<K, readonly [property: string, fallback: string]>>;
export type Colours<K extends string> = Readonly<Record<K, string>>;
export type Draw<K extends string> = (canvas: HTMLCanvasElement, state: ReactFlowState, colours: Colours<K>) => void;

// Read once and again after a theme switch, not on every draw: during a drag that would force a
// style recalculation each frame.
function readColours<K extends string>(element: HTMLElement, palette: Palette<K>): Colours<K> {
  const style = getComputedStyle(element);
  const entries = Object.entries<readonly [string, string]>(palette).map(([name, [property, fallback]]) => [
    name,
    style.getPropertyValue(property).trim() || fallback,
  ]);
  return Object.fromEntries(entries) as Colours<K>;
}

/**
 * Draws on `canvasRef`'s canvas when React Flow's store changes and after a theme switch, at most
 * once a frame. `palette` must not change between renders. Returns a function that asks for a
 * redraw when something else the drawing depends on changed.
 */
export function useStoreDrawing<K extends string>(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  palette: Palette<K>,
  draw: Draw<K>,
): () => void {
  const storeApi = useStoreApi();
  const latestDraw = useRef(draw);
  const requestDraw = useRef<() => void>(() => {});
  useEffect(() => {
    latestDraw.current = draw;
  });

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let pending = 0;
    let colours: Colours<K> | undefined;
    const schedule = () => {
      if (pending) return;
      pending = requestAnimationFrame(() => {
        pending = 0;
        colours ??= readColours(canvas, palette);
        latestDraw.current(canvas, storeApi.getState(), colours);
      });
    };
    requestDraw.current = schedule;
    schedule();
    const unsubscribe = storeApi.subscribe(schedule);
    // VS Code switches themes by changing the body's class and the variables on the root element.
    const themeWatch = new MutationObserver(() => {
      colours = undefined;
      schedule();
    });
    themeWatch.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
    return () => {
      requestDraw.current = () => {};
      unsubscribe();
      themeWatch.disconnect();
      cancelAnimationFrame(pending);
    };
  }, [storeApi, canvasRef, palette]);

  return useCallback(() => requestDraw.current(), []);
}

/** Gives the canvas a backing store of `width`×`height` CSS pixels at the screen's pixel ratio; returns the ratio. */
export function sizeBackingStore(canvas: HTMLCanvasElement, width: number, height: number): number {
  const ratio = window.devicePixelRatio || 1;
  const backingWidth = Math.round(width * ratio);
  const backingHeight = Math.round(height * ratio);
  if (canvas.width !== backingWidth || canvas.height !== backingHeight) {
    canvas.width = backingWidth;
    canvas.height = backingHeight;
  }
  return ratio;
}
