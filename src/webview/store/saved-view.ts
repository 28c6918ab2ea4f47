// What the webview keeps across hide/show and reloads via vscode.setState: view state only. Never
// flow content or secrets; the document is sent again by the host on every load.
import * as z from 'zod';

export const savedViewSchema = z.object({
  viewport: z.object({ x: z.number(), y: z.number(), zoom: z.number() }).optional(),
  selectedNodeIds: z.array(z.string()).default([]),
  selectedEdgeIds: z.array(z.string()).default([]),
  panelTab: z.enum(['run', 'timeline', 'problems', 'chat']).default('run'),
  isPaletteOpen: z.boolean().default(true),
  isInspectorOpen: z.boolean().default(true),
  isMiniMapOpen: z.boolean().default(true),
  /** The view is still the last fit (the user has not moved it since): it re-fits when the canvas changes size. */
  isViewFitted: z.boolean().default(false),
});
export type SavedView = z.infer<typeof savedViewSchema>;

/** Reads saved state; anything unreadable (an older shape) starts fresh rather than failing. */
export function readSavedView(state: unknown): SavedView {
  const parsed = savedViewSchema.safeParse(state ?? {});
  return parsed.success ? parsed.data : savedViewSchema.parse({});
}
