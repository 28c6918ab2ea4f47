// Entry of dist/elk.js: elkjs is 1.5 MB, three times the rest of the canvas, and only auto-layout
// needs it, so it is its own script, loaded on first use (see load-elk.ts).
import ELK from 'elkjs/lib/elk.bundled.js';

(window as unknown as { FlowStudioElk: typeof ELK }).FlowStudioElk = ELK;
