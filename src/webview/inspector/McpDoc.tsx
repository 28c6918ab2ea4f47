// The inspector's documentation of an MCP node, from the live catalog: a tool's description, hints
// and input schema; a prompt's arguments; a resource's description and type; or why it is missing.
import { useMemo } from 'react';
import type { McpToolView } from '../../protocol/messages';
import { useEditor } from '../store/editor-context';
import { mcpDocOf, type SchemaProperty } from './mcp-doc';

const noParams: Readonly<Record<string, unknown>> = {};

function ToolHints({ annotations }: { annotations: McpToolView['annotations'] }) {
  if (!annotations) return null;
  const hints = [
    annotations.readOnlyHint ? 'read-only' : undefined,
    annotations.destructiveHint ? 'destructive' : undefined,
    annotations.idempotentHint ? 'idempotent' : undefined,
    annotations.openWorldHint ? 'open world' : undefined,
  ].filter((h): h is string => h !== undefined);
  if (!hints.length) return null;
  return (
    <div className="mcp-doc-hints">
      {hints.map((hint) => (
        <span key={hint} className={`mcp-doc-hint${hint === 'destructive' ? ' destructive' : ''}`}>
          {hint}
        </span>
      ))}
    </div>
  );
}

function PropertyTable({ rows, caption }: { rows: readonly SchemaProperty[]; caption: string }) {
  if (!rows.length) return <div className="param-help">No {caption.toLowerCase()}.</div>;
  return (
    <table className="mcp-doc-schema" aria-label={caption}>
      <thead>
        <tr>
          <th>name</th>
          <th>type</th>
          <th>description</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name} data-property={row.name}>
            <td>
              <code>{row.name}</code>
              {row.isRequired ? (
                <span className="mcp-doc-required" title="required">
                  {' '}
                  *
                </span>
              ) : null}
            </td>
            <td className="mcp-doc-type">{row.type}</td>
            <td>{row.description ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function McpDoc({ nodeType, params }: { nodeType: string; params: Readonly<Record<string, unknown>> | undefined }) {
  const catalog = useEditor((s) => s.mcpCatalog);
  const doc = useMemo(() => mcpDocOf(nodeType, params ?? noParams, catalog), [nodeType, params, catalog]);
  if (!doc) return null;
  switch (doc.kind) {
    case 'message':
      return (
        <section className="inspector-section mcp-doc" data-mcp-doc="message">
          <h3>MCP documentation</h3>
          <div className={doc.isProblem ? 'param-problem' : 'param-help'}>{doc.text}</div>
        </section>
      );
    case 'tool':
      return (
        <section className="inspector-section mcp-doc" data-mcp-doc="tool" data-mcp-tool={doc.tool.name}>
          <h3>MCP tool · {doc.server}</h3>
          <div className="mcp-doc-name">
            <strong>{doc.tool.title ?? doc.tool.name}</strong> {doc.tool.title ? <code>{doc.tool.name}</code> : null}
          </div>
          <div className="mcp-doc-description">{doc.tool.description ?? 'The server gives no description.'}</div>
          <ToolHints annotations={doc.tool.annotations} />
          <h3>Input schema</h3>
          <PropertyTable rows={doc.properties} caption="Arguments" />
        </section>
      );
    case 'prompt':
      return (
        <section className="inspector-section mcp-doc" data-mcp-doc="prompt">
          <h3>MCP prompt · {doc.server}</h3>
          <div className="mcp-doc-name">
            <strong>{doc.prompt.name}</strong>
          </div>
          <div className="mcp-doc-description">{doc.prompt.description ?? 'The server gives no description.'}</div>
          <h3>Arguments</h3>
          <PropertyTable
            rows={(doc.prompt.arguments ?? []).map((a) => ({
              name: a.name,
              type: 'text',
              isRequired: a.required === true,
              ...(a.description ? { description: a.description } : {}),
            }))}
            caption="Arguments"
          />
        </section>
      );
    case 'resource':
      return (
        <section className="inspector-section mcp-doc" data-mcp-doc="resource">
          <h3>MCP resource · {doc.server}</h3>
          {doc.resource ? (
            <>
              <div className="mcp-doc-name">
                <strong>{doc.resource.name}</strong>
              </div>
              <div className="mcp-doc-description">{doc.resource.description ?? doc.resource.name}</div>
              <div className="param-help">
                <code>{doc.uri}</code>
                {doc.resource.mimeType ? ` · ${doc.resource.mimeType}` : ''}
              </div>
            </>
          ) : (
            <div className="param-help">
              {doc.uri
                ? `'${doc.uri}' is not among the resources ${doc.server} lists; it may still be readable (a URI from a resource template).`
                : 'Set the resource URI.'}
            </div>
          )}
        </section>
      );
  }
}
