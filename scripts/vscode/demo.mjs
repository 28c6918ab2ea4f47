// `npm run demo`: opens the example flows in a real VS Code (code-server) with FlowStudio loaded,
// on http://127.0.0.1:8080 (FLOWSTUDIO_PORT to change), behind a password printed here.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, ensureVsCode } from './install.mjs';
import { launchCodeServer } from './launch.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = (await import(path.join(root, 'package.json'), { with: { type: 'json' } })).default;
ensureVsCode();
const password = process.env.FLOWSTUDIO_PASSWORD ?? randomBytes(12).toString('base64url');
const server = await launchCodeServer({
  stateDir: path.join(cacheDir, 'demo'),
  workspace: path.join(root, 'examples'),
  port: Number(process.env.FLOWSTUDIO_PORT ?? 8080),
  password,
  extensions: { [`${pkg.publisher}.${pkg.name}-${pkg.version}`]: root },
});
console.log(`\nFlowStudio demo: ${server.workspaceUrl}\npassword: ${password}\n(Ctrl+C stops it)\n`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.child.on('exit', (code) => process.exit(code ?? 1));
