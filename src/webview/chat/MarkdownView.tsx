// Renders parsed Markdown as React elements; all text goes through React, which escapes it.
import { Fragment } from 'react';
import { parseMarkdown, type Block, type Inline } from './markdown';

function InlineView({ items }: { items: Inline[] }) {
  return (
    <>
      {items.map((item, i) => {
        switch (item.kind) {
          case 'text':
            return <Fragment key={i}>{item.text}</Fragment>;
          case 'code':
            return <code key={i}>{item.text}</code>;
          case 'strong':
            return (
              <strong key={i}>
                <InlineView items={item.children} />
              </strong>
            );
          case 'em':
            return (
              <em key={i}>
                <InlineView items={item.children} />
              </em>
            );
          case 'link':
            return (
              <a key={i} href={item.href} rel="noreferrer noopener">
                <InlineView items={item.children} />
              </a>
            );
        }
      })}
    </>
  );
}

function BlockView({ block }: { block: Block }) {
  switch (block.kind) {
    case 'code':
      return (
        <pre className="md-code" data-language={block.language || undefined}>
          <code>{block.text}</code>
        </pre>
      );
    case 'heading': {
      const Tag = `h${Math.min(6, block.level + 2)}` as 'h3';
      return (
        <Tag>
          <InlineView items={block.children} />
        </Tag>
      );
    }
    case 'list': {
      const items = block.items.map((item, i) => (
        <li key={i}>
          <InlineView items={item} />
        </li>
      ));
      return block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
    }
    case 'paragraph':
      return (
        <p>
          <InlineView items={block.children} />
        </p>
      );
  }
}

export function MarkdownView({ source }: { source: string }) {
  return (
    <div className="markdown">
      {parseMarkdown(source).map((block, i) => (
        <BlockView key={i} block={block} />
      ))}
    </div>
  );
}
