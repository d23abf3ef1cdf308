// A TCP proxy in front of the server, so a test can cut a page's connection while the server
// stays up, and hold the page's reconnect until the test has published what the page must recover.
import net from 'node:net';
import { BASE } from './server.js';

/** Starts a proxy on a free loopback port; `base` is the WAR's URL through it. */
export async function startProxy(target = new URL(BASE)) {
  const open = new Set();
  const held = [];
  let holding = false;

  const forward = (client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    open.add(client);
    open.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const server = net.createServer((client) => {
    if (holding) {
      client.pause();
      client.on('error', () => client.destroy());
      held.push(client);
    } else {
      forward(client);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    base: `http://127.0.0.1:${server.address().port}${target.pathname.replace(/\/+$/, '')}`,
    /** New connections wait (the browser sees a handshake in progress) until release(). */
    hold() { holding = true; },
    release() {
      holding = false;
      for (const client of held.splice(0)) {
        if (!client.destroyed) forward(client);
      }
    },
    /** Drops every connection through the proxy at once, without a close frame (the page sees 1006). */
    cut() {
      for (const socket of open) socket.destroy();
      open.clear();
    },
    async close() {
      this.cut();
      for (const client of held.splice(0)) client.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
