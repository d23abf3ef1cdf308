// The Node baseline for bench/run.sh: Switchboard's /echo and /broadcast/{channel} written the
// idiomatic `ws` way (https://github.com/websockets/ws#server-broadcast), nothing more: no rate
// limits, no size caps beyond ws's defaults, no origin check, no slow-consumer policy.
//
//   node server.js [port]        (default 18381, 127.0.0.1 only)
//
// GET /stats answers {"rss","heapUsed","heapTotal","external","arrayBuffers"} after a full GC
// when node runs with --expose-gc: the benchmark's idle-connection scenario reads it.
'use strict';

const http = require('http');
const { WebSocketServer, WebSocket } = require('ws');

const port = Number(process.argv[2] || process.env.PORT || 18381);
const CHANNEL = /^\/broadcast(?:\/([A-Za-z0-9._-]{1,64}))?$/;

const server = http.createServer((req, res) => {
  if (req.url === '/stats') {
    if (typeof global.gc === 'function') global.gc();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(process.memoryUsage()));
    return;
  }
  res.writeHead(404);
  res.end();
});

// /echo: every message back, text as text and binary as binary.
const echo = new WebSocketServer({ noServer: true });
echo.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});

// /broadcast/{channel}: every text message to every client of the channel, sender included.
const channels = new Map(); // channel name -> Set of sockets
const broadcast = new WebSocketServer({
  noServer: true,
  handleProtocols: (protocols) => (protocols.has('text') ? 'text' : false),
});
broadcast.on('connection', (ws, req, channel) => {
  let members = channels.get(channel);
  if (!members) {
    members = new Set();
    channels.set(channel, members);
  }
  members.add(ws);
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    for (const client of members) {
      if (client.readyState === WebSocket.OPEN) {
        client.send(data, { binary: false });
      }
    }
  });
  ws.on('close', () => {
    members.delete(ws);
    if (members.size === 0) channels.delete(channel);
  });
});

server.on('upgrade', (req, socket, head) => {
  const path = new URL(req.url, 'http://localhost').pathname;
  if (path === '/echo') {
    echo.handleUpgrade(req, socket, head, (ws) => echo.emit('connection', ws, req));
    return;
  }
  const match = CHANNEL.exec(path);
  if (match) {
    const channel = match[1] || 'all';
    broadcast.handleUpgrade(req, socket, head, (ws) => broadcast.emit('connection', ws, req, channel));
    return;
  }
  socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
});

server.listen(port, '127.0.0.1', () => {
  console.log(`node ws ${require('ws/package.json').version} listening on 127.0.0.1:${port}`);
});
