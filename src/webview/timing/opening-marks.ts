// Performance marks of a canvas's opening (script run, ready posted, document and catalog received,
// editor rendered, view fitted), each set once per page: the first-open benchmark reads them from the
// webview's own clock to say where the time between the page starting and the flow on screen went.

export type OpeningStep = 'script' | 'ready' | 'document' | 'catalog' | 'editor' | 'fitted';

const marked = new Set<OpeningStep>();

export function markOpening(step: OpeningStep): void {
  if (marked.has(step)) return;
  marked.add(step);
  performance.mark(`flowstudio:${step}`);
}
