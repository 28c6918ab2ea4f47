// `npm run test:extension`: the extension tests, in a real VS Code extension host (see in-vscode.mjs).
// Suites: `trusted` (test/extension, a copy of examples/ with workspace trust off) and `untrusted`
// (test/extension/untrusted, the same copy opened with workspace trust on and the folder untrusted).
// FLOWSTUDIO_SUITE=trusted|untrusted runs one. Exit code 0 only if every test passed.
import { startVsCodeSession } from './in-vscode.mjs';

const suites = [
  { name: 'trusted', testsDir: 'test/extension', trust: false },
  { name: 'untrusted', testsDir: 'test/extension/untrusted', trust: true },
];

function report(suite, results) {
  const passed = results.outcomes.filter((o) => o.state === 'passed');
  const failed = results.outcomes.filter((o) => o.state === 'failed');
  console.log(`\n  ${suite.name} workspace, VS Code ${results.vscodeVersion ?? '?'} extension host`);
  for (const outcome of results.outcomes)
    console.log(`    ${outcome.state === 'passed' ? '✔' : '✖'} ${outcome.title} (${outcome.durationMs} ms)`);
  for (const outcome of failed) console.log(`\n  ✖ ${outcome.title}\n${outcome.error}`);
  if (results.fatal) console.log(`\n  the ${suite.name} suite did not run: ${results.fatal}`);
  console.log(`  ${passed.length} passing, ${failed.length} failing${results.seconds ? ` (${results.seconds.toFixed(1)} s)` : ''}`);
  return failed.length === 0 && !results.fatal && passed.length > 0;
}

const only = process.env.FLOWSTUDIO_SUITE;
const session = await startVsCodeSession();
let ok = true;
try {
  for (const suite of suites) {
    if (only && only !== suite.name) continue;
    process.stderr.write(`[extension-tests] running the ${suite.name} suite\n`);
    ok = report(suite, await session.run(suite)) && ok;
  }
} finally {
  await session.close();
}
process.exit(ok ? 0 : 1);
