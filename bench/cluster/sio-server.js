// The socket.io peer for the cluster benchmark: socket.io 4 with @socket.io/redis-adapter, written
// the documented way. A client joins the room named by its `channel` query; a "pub" event is
// relayed to the whole room, on every node, with io.to(room).emit.
//   node sio-server.js PORT [REDIS_URL]      (no REDIS_URL: a single node, the in-memory adapter)
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';

const port = Number(process.argv[2]);
const redisUrl = process.argv[3];
const httpServer = createServer();
const io = new Server(httpServer, { transports: ['websocket'], serveClient: false });

if (redisUrl) {
  const pubClient = createClient({ url: redisUrl });
  const subClient = pubClient.duplicate();
  await Promise.all([pubClient.connect(), subClient.connect()]);
  io.adapter(createAdapter(pubClient, subClient));
}

io.on('connection', (socket) => {
  const channel = String(socket.handshake.query.channel ?? 'all');
  socket.join(channel);
  socket.emit('subscribed', channel);
  socket.on('pub', (text) => io.to(channel).emit('msg', text));
});

httpServer.listen(port, '127.0.0.1', () => console.log(`socket.io listening on ${port}${redisUrl ? ' with Redis' : ''}`));
