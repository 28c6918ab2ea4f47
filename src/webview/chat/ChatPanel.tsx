// The chat playground for flows with input.chat and output.chat: each message is a run of the flow
// as a turn of one chat session, the reply streams in and renders as Markdown; stop and new chat.
import VscodeButton from '@vscode-elements/react-elements/dist/components/VscodeButton.js';
import VscodeTextarea from '@vscode-elements/react-elements/dist/components/VscodeTextarea.js';
import { useEffect, useRef, useState } from 'react';
import { useEditor, useEditorContext } from '../store/editor-context';
import { isRunActive } from '../run/run-state';
import { failLastTurn, followRun, newChat, sendMessage, type ChatState } from './chat-turns';
import { MarkdownView } from './MarkdownView';

export function ChatPanel({ input, output }: { input: string; output: string }) {
  const { host } = useEditorContext();
  const run = useEditor((s) => s.run);
  const untrusted = useEditor((s) => s.untrustedReason);
  const [chat, setChat] = useState<ChatState>(newChat);
  const [draft, setDraft] = useState('');
  const end = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setChat((c) => followRun(c, run, output));
  }, [run, output]);
  // In braces: Chromium's scrollIntoView now returns a promise, which React would take for a cleanup.
  useEffect(() => {
    void end.current?.scrollIntoView({ block: 'end' });
  }, [chat]);

  const last = chat.turns[chat.turns.length - 1];
  const isBusy = last !== undefined && (last.status === 'waiting' || last.status === 'streaming');
  const send = async () => {
    const text = draft.trim();
    if (!text || isBusy || isRunActive(run)) return;
    setDraft('');
    setChat((c) => sendMessage(c, text, run.runId));
    const response = await host
      .request((requestId) => ({ type: 'run', requestId, mode: 'run', inputs: { [input]: text }, chatSessionId: chat.sessionId }))
      .catch((error: unknown) => ({ ok: false, error: (error as Error).message }));
    if (!response.ok) setChat((c) => failLastTurn(c, response.error ?? 'the run did not start'));
  };

  return (
    <div className="chat" aria-label="Chat playground">
      <div className="chat-actions">
        <VscodeButton secondary onClick={() => setChat(newChat())} disabled={isBusy}>
          <span className="codicon codicon-add" slot="content-before" /> New chat
        </VscodeButton>
        <VscodeButton secondary onClick={() => host.post({ type: 'debug', action: 'stop' })} disabled={!isBusy}>
          <span className="codicon codicon-debug-stop" slot="content-before" /> Stop
        </VscodeButton>
        <span className="muted">
          Session {chat.sessionId.slice(0, 8)} · {chat.turns.length} turn{chat.turns.length === 1 ? '' : 's'}
        </span>
      </div>
      <div className="chat-messages" role="log" aria-live="polite">
        {chat.turns.length === 0 ? (
          <div className="muted">Send a message to run the flow as a chat turn{untrusted ? ` (${untrusted})` : ''}.</div>
        ) : null}
        {chat.turns.map((turn, i) => (
          <div key={i} className="chat-turn">
            <div className="chat-message user">{turn.user}</div>
            <div className={`chat-message assistant status-${turn.status}`} data-status={turn.status}>
              {turn.assistant ? (
                <MarkdownView source={turn.assistant} />
              ) : turn.status === 'waiting' || turn.status === 'streaming' ? (
                <span className="muted">…</span>
              ) : null}
              {turn.status === 'stopped' ? <div className="muted">(stopped)</div> : null}
              {turn.error ? <div className="param-problem">{turn.error}</div> : null}
            </div>
          </div>
        ))}
        <div ref={end} />
      </div>
      <div className="chat-input">
        <VscodeTextarea
          className="chat-draft"
          rows={2}
          value={draft}
          placeholder="Message (Enter to send, Shift+Enter for a new line)"
          onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void send();
            }
          }}
        />
        <VscodeButton onClick={() => void send()} disabled={isBusy || draft.trim() === ''}>
          Send
        </VscodeButton>
      </div>
    </div>
  );
}
