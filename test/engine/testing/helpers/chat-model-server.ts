// A local OpenAI-compatible chat completions server for flow tests: the reply to each request is decided
// by the test from the request's messages, optionally after a delay, and streamed in the real SSE format.
// It counts requests in flight, so tests can see how many cases ran at once. Binds 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { textStream } from '../../llm/helpers/scripted-openai';

export interface ChatRequest {
  system: string;
  prompt: string;
}

export interface ChatReply {
  text: string;
  delayMs?: number;
}

export class ChatModelServer {
  inFlight = 0;
  maxInFlight = 0;
  requests = 0;

  private constructor(
    private readonly server: Server,
    readonly baseURL: string,
  ) {}

  static async start(reply: (request: ChatRequest) => ChatReply): Promise<ChatModelServer> {
    let instance: ChatModelServer | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const self = instance!;
        self.requests++;
        self.inFlight++;
        self.maxInFlight = Math.max(self.maxInFlight, self.inFlight);
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { messages: { role: string; content: unknown }[] };
        const textOf = (role: string) =>
          body.messages
            .filter((m) => m.role === role)
            .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)))
            .join('\n');
        const answer = reply({ system: textOf('system'), prompt: textOf('user') });
        const send = () => {
          self.inFlight--;
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.end(textStream(answer.text.split(/(?<= )/)));
        };
        if (answer.delayMs) setTimeout(send, answer.delayMs);
        else send();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    instance = new ChatModelServer(server, `http://127.0.0.1:${port}/v1`);
    return instance;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
