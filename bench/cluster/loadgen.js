// Fan-out load for the cluster benchmark. N subscribers, half on node A and half on node B (both
// on A for a single node), one publisher on node A sending R messages a second for S seconds.
// Each message carries its number and send time (this process's clock, so no clock skew);
// every subscriber records its latency. Prints one JSON line.
//   node loadgen.js switchboard|socketio URL_A URL_B N R S
import WebSocket from 'ws';
import { io } from 'socket.io-client';

const [kind, urlA, urlB, n, rate, seconds] = process.argv.slice(2);
const subscribers = Number(n);
const perSecond = Number(rate);
const total = perSecond * Number(seconds);
const channel = `bench-${process.pid}`;
const latencies = new Float64Array(subscribers * total);
let received = 0;
let duplicates = 0;
let droppedByServer = 0; // Switchboard's slow-consumer drops, as its `dropped` notices count them
let lastDelivery = 0;
const seen = Array.from({ length: subscribers }, () => new Uint8Array(total));

function onMessage(index, text) {
  const now = performance.now();
  if (text.startsWith('w')) return; // warm-up
  const [number, sent] = text.split(':');
  const k = Number(number);
  if (seen[index][k]) { duplicates++; return; }
  seen[index][k] = 1;
  latencies[received++] = now - Number(sent);
  lastDelivery = now;
}

function connect(index, url) {
  return new Promise((resolve, reject) => {
    if (kind === 'switchboard') {
      const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/broadcast/${channel}`, ['json']);
      socket.on('message', (data) => {
        const event = JSON.parse(data.toString());
        if (event.type === 'subscribed') resolve(socket);
        else if (event.type === 'broadcast' && index >= 0) onMessage(index, event.text);
        else if (event.type === 'dropped') droppedByServer += event.count;
      });
      socket.on('error', reject);
    } else {
      const socket = io(url, { transports: ['websocket'], query: { channel }, forceNew: true, reconnection: false });
      socket.on('subscribed', () => resolve(socket));
      socket.on('msg', (text) => { if (index >= 0) onMessage(index, text); });
      socket.on('connect_error', reject);
    }
  });
}

const sockets = [];
for (let i = 0; i < subscribers; i += 50) { // connect in batches of 50
  const batch = [];
  for (let j = i; j < Math.min(i + 50, subscribers); j++) batch.push(connect(j, j % 2 === 0 || !urlB ? urlA : urlB));
  sockets.push(...await Promise.all(batch));
}
const publisher = await connect(-1, urlA);
const publish = (text) => { if (kind === 'switchboard') publisher.send(text); else publisher.emit('pub', text); };
await new Promise((resolve) => setTimeout(resolve, 1000)); // every node's subscriptions settle
// warm-up: the same rate for 5 s, not counted (JIT, pools), then a pause for the backlog to drain
for (let i = 0; i < perSecond * 5; i++) {
  publish(`w:${i}`);
  await new Promise((resolve) => setTimeout(resolve, 1000 / perSecond));
}
await new Promise((resolve) => setTimeout(resolve, 5000));

const started = performance.now();
let sent = 0;
await new Promise((resolve) => {
  const tick = setInterval(() => {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * perSecond) + 1);
    while (sent < due) {
      publish(`${sent}:${performance.now()}`);
      sent++;
    }
    if (sent >= total) { clearInterval(tick); resolve(); }
  }, 2);
});
const expected = subscribers * total;
const deadline = performance.now() + 10_000;
while (received < expected && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
const sorted = latencies.slice(0, received).sort();
const quantile = (q) => (received ? sorted[Math.min(received - 1, Math.floor(q * received))] : NaN);
console.log(JSON.stringify({
  kind, subscribers, published: total, rate: perSecond, expected, received, lost: expected - received, droppedByServer, duplicates,
  deliveriesPerSecond: Math.round(received / ((lastDelivery - started) / 1000)),
  p50: Number(quantile(0.5).toFixed(2)), p99: Number(quantile(0.99).toFixed(2)), max: Number(quantile(1).toFixed(2)),
}));
for (const socket of sockets) { if (kind === 'switchboard') socket.terminate(); else socket.close(); }
if (kind === 'switchboard') publisher.terminate(); else publisher.close();
process.exit(0);
