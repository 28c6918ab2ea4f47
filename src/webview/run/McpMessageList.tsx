// The MCP messages of one node's calls, in the order they crossed the wire: direction, method, id and
// time since the node started, each opening to its JSON payload. Payloads render only when opened,
// so a node with hundreds of progress notifications stays cheap to show.
import { useState } from 'react';
import type { McpMessageView, NodeRunView } from './run-state';

export function McpMessageList({ id, nodeId, node }: { id: string; nodeId: string; node: NodeRunView }) {
  const messages = node.mcpMessages ?? [];
  const notKept = (node.mcpMessageCount ?? messages.length) - messages.length;
  return (
    <ol id={id} className="timeline-mcp" aria-label={`MCP messages of ${nodeId}`}>
      {messages.map((message, index) => (
        <McpMessageItem key={index} message={message} startedAt={node.startedAt ?? message.at} />
      ))}
      {notKept > 0 ? <li className="muted">{notKept} later messages not kept</li> : null}
    </ol>
  );
}

function McpMessageItem({ message, startedAt }: { message: McpMessageView; startedAt: number }) {
  const [isOpen, setOpen] = useState(false);
  const isSent = message.direction === 'sent';
  return (
    <li className={`mcp-message mcp-${message.direction}${message.method === 'error' ? ' mcp-error' : ''}`} data-method={message.method}>
      <details open={isOpen} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          <span className="mcp-arrow" title={isSent ? `sent to ${message.server}` : `received from ${message.server}`}>
            {isSent ? '→' : '←'}
          </span>
          <span className="mcp-method">{message.method}</span>
          {message.id !== undefined ? <span className="mcp-id">#{message.id}</span> : null}
          <span className="mcp-elapsed">+{Math.round(message.at - startedAt)} ms</span>
          {message.truncated ? <span className="mcp-truncated">truncated</span> : null}
        </summary>
        {isOpen ? <pre className="value mcp-payload">{payloadText(message)}</pre> : null}
      </details>
    </li>
  );
}

function payloadText(message: McpMessageView): string {
  if (message.truncated && typeof message.payload === 'string') return `${message.payload}… (cut at 8 KB)`;
  return JSON.stringify(message.payload, null, 2) ?? 'null';
}
