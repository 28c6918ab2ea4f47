// The AI SDK loads on first use. It (with the provider packages) is most of the bundle's startup
// cost, measured at about twice the CLI's start time, and most commands never call a model.
import type * as AiModule from 'ai';
type AiSdk = typeof AiModule;

let loading: Promise<AiSdk> | undefined;

export function loadAiSdk(): Promise<AiSdk> {
  loading ??= import('ai');
  return loading;
}
