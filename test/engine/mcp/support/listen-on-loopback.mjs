// Preloaded (node --import) into third-party test servers that call listen(port) without a host,
// which would bind every interface: binds them to 127.0.0.1 instead, and announces the real port
// on stderr ("listening on 127.0.0.1:PORT") so a test can wait for it instead of guessing a delay.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const port = typeof args[0] === 'string' && /^\d+$/.test(args[0]) ? Number(args[0]) : args[0];
  if (typeof port === 'number') {
    args[0] = port;
    if (typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
    this.once('listening', () => {
      const address = this.address();
      process.stderr.write(`listening on ${address.address}:${address.port}\n`);
    });
  }
  return listen.apply(this, args);
};
