// Preloaded into an MCP server to make it a slow starter: the server's own module loads only after
// FLOWSTUDIO_TEST_START_DELAY_MS, as a server that takes its time to boot would.
await new Promise((resolve) => setTimeout(resolve, Number(process.env.FLOWSTUDIO_TEST_START_DELAY_MS ?? '500')));
