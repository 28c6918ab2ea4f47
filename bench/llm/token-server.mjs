// A local OpenAI-format (chat completions) streaming server the benchmark drives by hand: each token
// chunk is written when the benchmark says, and the write time is recorded, so the time from a token
// leaving the "provider" to its arrival anywhere in this process can be measured on one clock.
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';

const chunk = (delta, finish = null, usage = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1764028800, model: 'bench', choices: delta === null ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage })}\n\n`;

export const tokenChunk = (i) => chunk({ content: ` t${i}` });

export async function startTokenServer() {
  let onStream;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(chunk({ role: 'assistant', content: '' }));
      onStream?.({
        /** Writes one token chunk and returns the time it was handed to the socket. */
        sendToken(i) {
          const t = performance.now();
          res.write(tokenChunk(i));
          return t;
        },
        /** Writes many token chunks in one go (throughput). */
        sendTokens(from, count) {
          let text = '';
          for (let i = from; i < from + count; i++) text += tokenChunk(i);
          res.write(text);
        },
        finish(tokens) {
          res.end(
            chunk({}, 'stop') +
              chunk(null, null, { prompt_tokens: 5, completion_tokens: tokens, total_tokens: 5 + tokens }) +
              'data: [DONE]\n\n',
          );
        },
      });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    /** Resolves with the stream controls once the next request arrives. */
    nextStream: () => new Promise((resolve) => (onStream = resolve)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}
