// A server's notice in the palette (connecting, failed, stopped, no consent yet), with the button that
// asks the host to put the consent question when the server waits for the user's yes.
import type { PaletteNotice } from './palette-entries';

export interface PaletteNoticeProps {
  notice: PaletteNotice;
  /** The host is asking the consent question for this notice's server now. */
  isAsking: boolean;
  onAllow(server: string): void;
}

export function PaletteNoticeView({ notice, isAsking, onAllow }: PaletteNoticeProps) {
  const { consent } = notice;
  return (
    <div className={`palette-notice ${notice.kind}`} role="status" data-notice={notice.kind}>
      {notice.kind === 'connecting' ? <span className="codicon codicon-loading codicon-modifier-spin" aria-hidden="true" /> : null}
      {notice.text}
      {consent ? (
        <button
          type="button"
          className="palette-notice-action"
          data-allow-server={consent.server}
          disabled={isAsking}
          title={`Shows what the MCP server '${consent.server}' runs and asks whether it may start`}
          onClick={() => onAllow(consent.server)}
        >
          {consent.label}
        </button>
      ) : null}
    </div>
  );
}
