/** echo.html: send text or bytes to /echo and compare what comes back with what went out. */
import { ReconnectingSocket, endpointUrl } from './switchboard.js';
import { appendLine, byId, el, followSocket, notice } from './ui.js';

const log = byId('log');
const status = byId('status');
const text = byId('text');
const size = byId('size');

const PREVIEW_BYTES = 24;
// crypto.getRandomValues fills at most 65536 bytes per call.
const RANDOM_CHUNK = 65536;

// /echo answers in order, so each reply is compared with the oldest message still unanswered.
// Messages in flight when a connection drops are lost with it, so the list starts over then.
let expected = [];
let socket = null;

byId('text-form').addEventListener('submit', (event) => {
  event.preventDefault();
  send(text.value);
});
byId('send-utf8').addEventListener('click', () => send(new TextEncoder().encode(text.value).buffer));
byId('bytes-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const count = Math.max(1, Number.parseInt(size.value, 10) || 1);
  const bytes = new Uint8Array(count);
  for (let offset = 0; offset < count; offset += RANDOM_CHUNK) {
    crypto.getRandomValues(bytes.subarray(offset, Math.min(count, offset + RANDOM_CHUNK)));
  }
  send(bytes.buffer);
});
byId('reconnect').addEventListener('click', connect);

connect();

function connect() {
  socket?.close();
  expected = [];
  socket = new ReconnectingSocket(endpointUrl('echo'));
  followSocket(socket, status, log, { describe: () => 'echo' });
  socket.addEventListener('close', () => { expected = []; });
  socket.addEventListener('message', ({ detail }) => received(detail.data));
  socket.connect();
}

function send(data) {
  if (socket?.state !== 'open') {
    notice(log, 'Not connected: nothing sent.', 'warn');
    return;
  }
  socket.send(data);
  expected.push(data);
  appendLine(log, el('p', 'sent', '→ ', describe(data)));
}

function received(data) {
  const sent = expected.shift();
  const verdict = sent === undefined ? ' (not expected)' : same(sent, data) ? ' ✓ same as sent' : ' ✗ differs from what was sent';
  appendLine(log, el('p', 'received', '← ', describe(data), el('span', 'hint', verdict)));
}

function describe(data) {
  if (typeof data === 'string') return el('span', 'text', `text “${data}”`);
  const bytes = new Uint8Array(data);
  const hex = Array.from(bytes.subarray(0, PREVIEW_BYTES), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return el('span', 'binary', `binary, ${bytes.length} bytes: ${hex}${bytes.length > PREVIEW_BYTES ? ' …' : ''}`);
}

function same(a, b) {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  return x.every((value, i) => value === y[i]);
}
