// What the palette places: a component type, with params for entries that name their target (an MCP
// tool, resource or prompt). A drag carries it as text under the palette's own MIME type.
import * as z from 'zod';

export const paletteMime = 'application/x-flowstudio-component';

export interface Placement {
  type: string;
  params?: Record<string, unknown>;
}

const placementSchema = z.object({ type: z.string().min(1), params: z.record(z.string(), z.unknown()).optional() });

/** A plain component stays its bare type, as before placements had params. */
export function encodePlacement(placement: Placement): string {
  return placement.params ? JSON.stringify({ type: placement.type, params: placement.params }) : placement.type;
}

/** The placement a drop carries, or undefined for text that is not one (a drag from elsewhere). */
export function decodePlacement(data: string): Placement | undefined {
  if (!data.startsWith('{')) return data ? { type: data } : undefined;
  try {
    const parsed = placementSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
