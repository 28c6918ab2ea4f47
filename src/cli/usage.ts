// Exit codes and usage errors of the `flowstudio` command, as DESIGN.md fixes them.

export const EXIT_OK = 0;
export const EXIT_RUN_FAILED = 1;
export const EXIT_INVALID = 2;

/** Thrown for bad usage or an invalid flow: printed to stderr, exit code 2. */
export class UsageError extends Error {
  constructor(message: string, readonly exitCode = EXIT_INVALID) {
    super(message);
  }
}

export const USAGE = `Usage: flowstudio <command> [options]

Commands:
  run FILE [--input NAME=VALUE]... [--inputs-json JSON] [--json] [--progress] [--mcp-config FILE] [--yes]
      [--allow-secret NAME=ORIGIN]...
      Run a flow and print its outputs. Exit 0 on success, 1 if the run failed,
      2 for an invalid flow or bad usage. Tools an MCP server marks destructive are
      asked about on a terminal; --yes allows them all, and without a terminal they are refused.
      A {{secret:NAME}} goes only to the known providers' endpoints unless --allow-secret
      binds it to another origin (or mcp:SERVER).
  validate FILE|DIR... [--mcp-config FILE]
      Print diagnostics as file:line:col: severity: message. Exit 0 when there are
      no errors, 2 otherwise. A folder is searched for *.flow.json files.
  create NAME [--template blank|chat|rag|mcp-agent] [--force]
      Write NAME.flow.json from a template (default: blank).
  mcp serve --flows DIR [--http] [--port N] [--host 127.0.0.1] [--token T] [--max-runs N]
      Offer every flow in DIR as an MCP tool, over stdio (default) or Streamable HTTP
      at http://HOST:PORT/mcp with a bearer token (generated and printed if not given).
      --oidc-issuer URL [--oidc-audience A]: accept JWT access tokens from an OpenID
      Connect issuer (checked against its JWKS) instead of, or with --token as well as, a token.
  mcp list | mcp tools SERVER | mcp call SERVER TOOL --args JSON
      The MCP servers of .vscode/mcp.json, .cursor/mcp.json or --mcp-config FILE.
  mcp login SERVER | mcp logout SERVER
      Sign in to an OAuth-protected HTTP server in the browser; tokens are kept in
      ~/.config/flowstudio/mcp-oauth.json (or FLOWSTUDIO_OAUTH_FILE) for later commands.
      logout deletes them.

Options:
  -h, --help      Show this help.
  -v, --version   Show the version.
`;
