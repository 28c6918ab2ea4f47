// The page events that send typed values at once: focus leaving the webview, the page hiding, Ctrl+S.
import * as assert from 'node:assert/strict';
import { flushEditsWhenLeaving } from '../../src/webview/store/flush-triggers';
import { greetText, openStore } from './helpers/recording-host';

/** Enough of a window for the triggers: events on it and on its document, and the visibility state. */
function fakePage() {
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' as 'visible' | 'hidden' });
  return Object.assign(new EventTarget(), { document });
}

const keyEvent = (key: string, ctrlKey: boolean) => Object.assign(new Event('keydown'), { key, ctrlKey, metaKey: false });

describe('sending typed values when the page is left', () => {
  for (const [what, fire] of [
    ['focus leaves the webview', (page: ReturnType<typeof fakePage>) => page.dispatchEvent(new Event('blur'))],
    ['Ctrl+S is pressed', (page: ReturnType<typeof fakePage>) => page.dispatchEvent(keyEvent('s', true))],
    [
      'the page is hidden',
      (page: ReturnType<typeof fakePage>) => {
        page.document.visibilityState = 'hidden';
        page.document.dispatchEvent(new Event('visibilitychange'));
      },
    ],
  ] as const) {
    it(`sends them when ${what}`, () => {
      const { store, api } = openStore(greetText, '/w/greet.flow.json');
      const page = fakePage();
      const stop = flushEditsWhenLeaving(store, page as unknown as Window);
      store.getState().draftParam('tpl', 'template', 'Ciao {{name}}');
      page.dispatchEvent(keyEvent('a', true)); // not a save: nothing goes yet
      assert.deepEqual(api.edits(), []);
      fire(page);
      assert.deepEqual(api.edits(), [{ type: 'setParam', nodeId: 'tpl', name: 'template', value: 'Ciao {{name}}' }]);
      stop();
    });
  }
});
