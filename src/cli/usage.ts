// Exit codes and usage errors of the `flowstudio` command.

export const EXIT_OK = 0;
export const EXIT_RUN_FAILED = 1;
export const EXIT_INVALID = 2;

/** Thrown for bad usage or an invalid flow: printed to stderr, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = EXIT_INVALID,
  ) {
    super(message);
  }
}

export const USAGE = `Usage: flowstudio <command> [options]

Commands:
  run FILE [--input NAME=VALUE]... [--inputs-json JSON] [--json] [--progress] [--mcp-config FILE] [--yes]
      [--allow-root DIR]... [--allow-secret NAME=ORIGIN]... [--answers JSON] [--allow-sampling SERVER]...
      Run a flow and print its outputs. Exit 0 on success, 1 if the run failed,
      2 for an invalid flow or bad usage. Tools an MCP server marks destructive are
      asked about on a terminal; --yes allows them all, and without a terminal they are refused.
      Files the flow reads or writes must lie in its own folder or a folder given with --allow-root.
      A {{secret:NAME}} goes only to the known providers' endpoints unless --allow-secret
      binds it to another origin (or mcp:SERVER).
      Questions (input.ask nodes, MCP servers' elicitation) are asked on a terminal or
      answered from --answers '{"NODE_ID_OR_NAME": answer, "mcp:SERVER": {field: value}}';
      without either the node fails. A server's sampling request is answered by the flow's
      model after a yes on the terminal, or at once for --allow-sampling SERVER.
  validate FILE|DIR... [--mcp-config FILE] [--connect]
      Print diagnostics as file:line:col: severity: message. Exit 0 when there are
      no errors, 2 otherwise. A folder is searched for *.flow.json files.
      Starts no MCP server: only --connect starts the flows' servers to check their tools.
  test [PATH...] [--reporter spec|junit|json] [--out FILE] [--concurrency N] [--mcp-config FILE]
      [--compare REF] [--allow-secret NAME=ORIGIN]...
      Run every *.flowtest.json under PATH (default: .). Exit 0 when every case passed,
      1 when one failed, 2 for an invalid test file or bad usage. Results are saved in
      .flowstudio/test-results/; --compare REF (a results file, or a git ref with committed
      results) prints which cases changed between pass and fail.
  import FILE [--from langflow|promptflow] [-o OUT.flow.json] [--strict] [--force]
      Convert a Langflow JSON export or a Prompt flow flow.dag.yaml into a flow file
      (default: NAME.flow.json next to FILE; never over an existing file without --force).
      Prints one line per source node: the component it became, or the sticky note that
      keeps it and why. Exit 0; 1 with --strict when a node was not mapped; 2 when FILE
      cannot be read or imported, or the output exists.
  create NAME [--template blank|chat|rag|mcp-agent] [--force]
      Write NAME.flow.json from a template (default: blank).
  export FILE [--to ts] [-o OUT.ts] [--force]
      Write the flow as a standalone TypeScript program that runs it with the flowstudio
      package, its inputs as command-line options; it prints what run prints, with the same
      exit codes. To stdout, or to OUT (never over an existing file without --force).
  mcp serve --flows DIR [--http] [--port N] [--host 127.0.0.1] [--max-runs N]
            [--token-file FILE | --token T] [--max-sessions N] [--session-idle SECONDS] [--rate N]
            [--allow-secret NAME=ORIGIN]...
      Offer every flow in DIR as an MCP tool, over stdio (default) or Streamable HTTP
      at http://HOST:PORT/mcp with a bearer token of 16+ characters from --token-file,
      FLOWSTUDIO_TOKEN or --token (generated and printed if none is given). HTTP limits:
      --max-sessions (default 100), --session-idle (default 600 s), --rate requests a
      minute per token (default 600; refused sign-ins: 20 a minute per address, then 429).
      --oidc-issuer URL [--oidc-audience A]: accept JWT access tokens (exp required, typ
      at+jwt, audience default: the server's URL) from an https OpenID Connect issuer
      instead of, or with a token as well as, a token.
      A served flow's {{secret:NAME}} goes only to the known providers' endpoints unless
      --allow-secret binds it to another origin; callers cannot add bindings.
  mcp list | mcp tools SERVER | mcp call SERVER TOOL --args JSON
      The MCP servers of .vscode/mcp.json, .cursor/mcp.json or --mcp-config FILE.
  mcp login SERVER | mcp logout SERVER
      Sign in to an OAuth-protected HTTP server in the browser; tokens are kept in
      ~/.config/flowstudio/mcp-oauth.json (or FLOWSTUDIO_OAUTH_FILE) for later commands.
      logout deletes them. A server's pre-registered client ("oauth": {"clientId", "clientSecret":
      "{{secret:NAME}}"}) reads NAME from the environment, only with --allow-secret NAME=mcp:SERVER.

Options:
  -h, --help      Show this help.
  -v, --version   Show the version.
`;
