// Rich results on the canvas: a small preview of an image or an audio player for a media value, and
// the resources a tool result links to, their URIs shown as text and https ones opened by the host.
import { memo, useMemo, useState } from 'react';
import { useEditorContext } from '../store/editor-context';
import { mediaPreviewOf, resourceLinksOf, type MediaPreview, type ResourceLinkView } from './media-preview';
import './media-preview.css';

export function MediaPreviewView({ preview, port }: { preview: MediaPreview; port: string }) {
  // Bytes that do not decode as the type they claim (an SVG labelled PNG, say) show as a note, not a broken image.
  const [hasFailed, setFailed] = useState(false);
  const shown: MediaPreview = hasFailed ? { kind: 'note', label: preview.label, reason: 'the bytes do not decode as this type' } : preview;
  return (
    <div className={`media-preview media-${shown.kind}`} data-port={port} title={shown.label}>
      {shown.kind === 'image' ? <img src={shown.src} alt={shown.label} draggable={false} onError={() => setFailed(true)} /> : null}
      {shown.kind === 'audio' ? (
        <audio src={shown.src} controls preload="metadata" aria-label={shown.label} onError={() => setFailed(true)} />
      ) : null}
      <div className="media-label">
        <span className={`codicon codicon-${shown.kind === 'audio' ? 'unmute' : shown.kind === 'image' ? 'file-media' : 'file-binary'}`} />
        {shown.label}
      </div>
      {shown.kind === 'note' && shown.reason ? <div className="media-reason">{shown.reason}</div> : null}
    </div>
  );
}

function ResourceLinks({ list, port }: { list: { links: ResourceLinkView[]; more: number }; port: string }) {
  const { host } = useEditorContext();
  return (
    <ul className="resource-links" data-port={port} aria-label="Resources of the result">
      {list.links.map((link, i) => (
        <li key={i} className="resource-link" data-uri={link.uri}>
          {link.isOpenable ? (
            // A button, not an <a href>: the webview navigates nowhere itself, the host opens the link after checking it.
            <button
              type="button"
              className="resource-open"
              title={`Open ${link.uri}`}
              onClick={() => host.post({ type: 'openLink', url: link.uri })}
            >
              <span className="codicon codicon-link-external" /> {link.name}
            </button>
          ) : (
            <span className="resource-name">
              <span className="codicon codicon-link" /> {link.name}
            </span>
          )}
          <span className="resource-uri">{link.uri}</span>
          {link.text !== undefined ? <span className="resource-text">{link.text}</span> : null}
        </li>
      ))}
      {list.more > 0 ? <li className="resource-more">and {list.more} more</li> : null}
    </ul>
  );
}

/** The media and resources among a node's outputs, in port order; nothing when there are none. */
function NodeResultsView({ outputs }: { outputs: Record<string, unknown> }) {
  const previews = useMemo(
    () => Object.entries(outputs).flatMap(([port, value]) => (port === 'resources' ? [] : [{ port, preview: mediaPreviewOf(value) }])),
    [outputs],
  );
  const shown = previews.filter((p): p is { port: string; preview: MediaPreview } => p.preview !== undefined);
  const resources = useMemo(() => resourceLinksOf(outputs.resources), [outputs.resources]);
  if (shown.length === 0 && !resources) return null;
  return (
    <div className="node-results nodrag">
      {shown.map(({ port, preview }) => (
        <MediaPreviewView key={port} port={port} preview={preview} />
      ))}
      {resources ? <ResourceLinks list={resources} port="resources" /> : null}
    </div>
  );
}

export const NodeResults = memo(NodeResultsView);
