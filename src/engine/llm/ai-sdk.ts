// The AI SDK loads on first use. It (with the provider packages) is most of the bundle's startup
// cost, measured at about twice the CLI's start time, and most commands never call a model.
type AiSdk = typeof import('ai');

let loading: Promise<AiSdk> | undefined;

export function loadAiSdk(): Promise<AiSdk> {
  loading ??= import('ai');
  return loading;
}
