// A stdio MCP server whose tools run as tasks and lie about them, one lie per tool, for the client's
// defences. Written on bare JSON-RPC rather than the SDK's Server, which would refuse to send most of
// these answers. It records every request method it receives; the `seen` tool tells them. The process
// ends when its client closes stdin, or after a minute whatever happens.
import { createInterface } from 'node:readline';

const LIFETIME_MS = 60_000;
const required = { taskSupport: 'required' };
const noArguments = { type: 'object', properties: {} };
const tools = [
  { name: 'seen', description: 'The methods and task flags of the requests so far.', inputSchema: noArguments },
  { name: 'endless', description: 'A task that stays working forever.', inputSchema: noArguments, execution: required },
  { name: 'sleepy', description: 'Asks to be polled once an hour, completes at once.', inputSchema: noArguments, execution: required },
  { name: 'forgetful', description: 'Forgets its task as soon as it made it.', inputSchema: noArguments, execution: required },
  { name: 'other-task', description: 'Answers polls with the status of another task.', inputSchema: noArguments, execution: required },
  { name: 'bad-status', description: 'Answers polls with a status no task has.', inputSchema: noArguments, execution: required },
  { name: 'bad-result', description: 'Completes with a result that is no tool result.', inputSchema: noArguments, execution: required },
  { name: 'failing', description: 'Fails with a reason.', inputSchema: noArguments, execution: required },
  { name: 'no-task', description: 'Answers a task call with neither a task nor a result.', inputSchema: noArguments, execution: required },
  {
    name: 'chatty',
    description: 'Asks to be polled without pause, with a huge status message, for a second.',
    inputSchema: noArguments,
    execution: required,
  },
  {
    name: 'optional',
    description: 'Runs as a task or not; tells which.',
    inputSchema: noArguments,
    execution: { taskSupport: 'optional' },
  },
  { name: 'plain', description: 'No task support.', inputSchema: noArguments },
];

const seen = [];
const tasks = new Map();
let nextTask = 1;

function send(message) {
  process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
}

function taskOf(id, status, extra = {}) {
  return {
    taskId: id,
    status,
    ttl: 60_000,
    createdAt: new Date().toISOString(),
    lastUpdatedAt: new Date().toISOString(),
    pollInterval: 50,
    ...extra,
  };
}

function statusOf(task) {
  switch (task.tool) {
    case 'sleepy':
      return taskOf(task.id, task.polled++ ? 'completed' : 'working', { pollInterval: 3_600_000 });
    case 'other-task':
      return taskOf('someone-else', 'working');
    case 'bad-status':
      return taskOf(task.id, 'sleeping');
    case 'bad-result':
      return taskOf(task.id, 'completed');
    case 'failing':
      return taskOf(task.id, 'failed', { statusMessage: 'the disk is full' });
    case 'optional':
      return taskOf(task.id, 'completed');
    case 'chatty':
      return Date.now() - task.createdAt < 1_000
        ? taskOf(task.id, 'working', { pollInterval: 0, statusMessage: 'x'.repeat(100_000) })
        : taskOf(task.id, 'completed');
    default:
      return taskOf(task.id, task.cancelled ? 'cancelled' : 'working');
  }
}

function answer(request) {
  const { id, method, params } = request;
  seen.push(params?.task ? `${method} (task)` : method);
  const result = (value) => send({ id, result: value });
  const error = (code, message) => send({ id, error: { code, message } });
  switch (method) {
    case 'initialize':
      return result({
        protocolVersion: params.protocolVersion,
        capabilities: { tools: {}, tasks: { cancel: {}, requests: { tools: { call: {} } } } },
        serverInfo: { name: 'lying-tasks', version: '1.0.0' },
      });
    case 'ping':
      return result({});
    case 'tools/list':
      return result({ tools });
    case 'tools/call': {
      const name = params.name;
      if (name === 'seen') return result({ content: [{ type: 'text', text: JSON.stringify(seen) }] });
      if (!params.task) return result({ content: [{ type: 'text', text: `${name} ran as a plain call` }] });
      if (name === 'no-task') return result({ accepted: true });
      const task = { id: `task-${nextTask++}`, tool: name, cancelled: false, createdAt: Date.now(), polled: 0 };
      tasks.set(task.id, task);
      if (name === 'forgetful') tasks.delete(task.id);
      return result({ task: name === 'sleepy' || name === 'chatty' ? statusOf(task) : taskOf(task.id, 'working') });
    }
    case 'tasks/get': {
      const task = tasks.get(params.taskId);
      if (!task) return error(-32602, `Task not found: ${params.taskId}`);
      return result(statusOf(task));
    }
    case 'tasks/result': {
      const task = tasks.get(params.taskId);
      if (!task) return error(-32602, `Task not found: ${params.taskId}`);
      if (task.tool === 'bad-result') return result({ content: 'a string where blocks belong' });
      if (task.tool === 'failing') return result({ content: [{ type: 'text', text: 'no space left' }], isError: true });
      return result({ content: [{ type: 'text', text: `${task.tool} ran as a task` }] });
    }
    case 'tasks/cancel': {
      const task = tasks.get(params.taskId);
      if (!task) return error(-32602, `Task not found: ${params.taskId}`);
      task.cancelled = true;
      return result(taskOf(task.id, 'cancelled'));
    }
    default:
      return error(-32601, `Method not found: ${method}`);
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) return;
  const message = JSON.parse(line);
  if (message.method && message.id !== undefined) answer(message);
});
process.stdin.once('end', () => process.exit(0));
setTimeout(() => process.exit(0), LIFETIME_MS).unref();
