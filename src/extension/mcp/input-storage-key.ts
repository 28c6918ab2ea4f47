// Where the editor keeps an `${input:ID}` answer: per workspace folder and config file, never by the
// id alone, so another workspace's config that reuses the id (and chooses where the value goes) is asked afresh.
import { createHash } from 'node:crypto';

export function inputStorageKey(folder: string, configFile: string, id: string): string {
  const scope = createHash('sha256').update(`${folder}\0${configFile}`).digest('hex').slice(0, 32);
  return `flowstudio.mcpInput.${scope}.${id}`;
}
