// Which sign-in pages may be opened: an MCP server's authorization server names the page, so a
// hostile one could name file:, javascript: or another application's URL scheme instead of a web page.

/** Why this URL must not be opened for a sign-in, or undefined when it may be. */
export function signInUrlProblem(url: URL): string | undefined {
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHostname(url.hostname)) return undefined;
  const scheme = url.protocol.replace(/[^a-z0-9+.:-]/gi, '');
  return url.protocol === 'http:'
    ? `its sign-in page is plain http on another machine (${url.host}); only https pages (or http on this machine) are opened`
    : `its sign-in page is a ${scheme} URL, not a web page; only https pages (or http on this machine) are opened`;
}

function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
