// Loads dist/elk.js next to dist/webview.js with the page's CSP nonce, once. The bundled elkjs runs
// on the main thread: a Web Worker would need a worker-src the CSP does not grant.
import type ELKConstructor from 'elkjs/lib/elk.bundled.js';

type Elk = InstanceType<typeof ELKConstructor>;
let loading: Promise<Elk> | undefined;

export function loadElk(): Promise<Elk> {
  loading ??= new Promise<Elk>((resolve, reject) => {
    const own = document.querySelector<HTMLScriptElement>('script[src*="webview.js"]');
    if (!own) return reject(new Error('cannot find webview.js to load the layout engine beside it'));
    const script = document.createElement('script');
    script.src = own.src.replace(/webview\.js(\?.*)?$/, 'elk.js');
    script.nonce = own.nonce ?? document.getElementById('root')?.dataset.nonce ?? '';
    script.onload = () => {
      const Elk = (window as unknown as { FlowStudioElk?: typeof ELKConstructor }).FlowStudioElk;
      if (Elk) resolve(new Elk());
      else reject(new Error('the layout engine (elk.js) loaded but did not register'));
    };
    script.onerror = () => reject(new Error('the layout engine (dist/elk.js) could not be loaded'));
    document.head.append(script);
  });
  return loading;
}
