/** chat.html: the MDN chat client, reconnecting, rendered with textContent only. */
import { ChatClient } from './chat-client.js';
import { isValidName } from './switchboard.js';
import { appendLine, byId, countedNotice, el, followSocket, notice, seconds, timeOf } from './ui.js';

const roomInput = byId('room');
const nameInput = byId('name');
const chatbox = byId('chatbox');
const userlist = byId('userlist');
const status = byId('status');
const me = byId('me');
const text = byId('text');

let client = null;
let myName = '';
// Messages already on screen, so that the history replayed on a reconnect is not shown twice.
// The newest SHOWN_KEPT are enough: a replay is at most the room's last 50 messages by default.
const SHOWN_KEPT = 1000;
let shown = new Set();
// Names by connection id, to say "guest7 is now alice".
let names = new Map();

const params = new URLSearchParams(location.search);
roomInput.value = params.get('room') ?? roomInput.value;
nameInput.value = params.get('name') ?? '';

byId('room-form').addEventListener('submit', (event) => {
  event.preventDefault();
  join(roomInput.value.trim());
});
byId('set-name').addEventListener('click', () => {
  if (!client) return join(roomInput.value.trim());
  client.setName(nameInput.value);
  if (client.socket.state !== 'open') notice(chatbox, `Not connected: will ask for “${nameInput.value.trim()}” when connected.`);
});
nameInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    event.preventDefault();
    byId('set-name').click();
  }
});
byId('send-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const value = text.value;
  if (!value.trim()) return;
  if (!client) {
    notice(chatbox, 'Join a room first.', 'warn');
    return;
  }
  const outcome = client.say(value);
  if (outcome === 'closed') {
    notice(chatbox, 'Not connected, and not reconnecting: join the room again to chat.', 'error');
    return;
  }
  if (outcome === 'queued') {
    const until = client.socket.state === 'open' ? 'sending resumes (rate limit)' : 'connected';
    notice(chatbox, `Queued until ${until} (${client.socket.queued} waiting).`);
  }
  text.value = '';
});

join(roomInput.value.trim());

function join(room) {
  client?.close();
  client = null;
  chatbox.replaceChildren();
  userlist.replaceChildren();
  shown = new Set();
  names = new Map();
  myName = '';
  me.textContent = 'not connected';
  byId('room-label').textContent = room || 'the room';
  if (!isValidName(room)) {
    status.dataset.state = 'closed';
    status.textContent = `“${room}” is not a room name: use 1 to 64 letters, digits, “.”, “_” or “-” (not “.” or “..” alone).`;
    return;
  }
  const url = new URL(location.href);
  url.searchParams.set('room', room);
  history.replaceState(null, '', url);

  client = new ChatClient(room, { name: nameInput.value });
  byId('queue-limit').textContent = String(client.socket.queueLimit);
  followSocket(client.socket, status, chatbox, {
    describe: () => `room ${room}`,
    previewOf: (frame) => {
      try {
        return `“${JSON.parse(frame).text}”`;
      } catch {
        return 'a message';
      }
    },
  });
  client.socket.addEventListener('close', () => { me.textContent = 'not connected'; });
  client.socket.addEventListener('open', ({ detail }) => {
    // Ids belong to connections: after a reconnect (a server restart, even) they mean nothing any more.
    names = new Map();
    if (detail.reconnected && client.requestedName) notice(chatbox, `Asking for the name “${client.requestedName}” again.`);
  });
  client.addEventListener('id', ({ detail }) => {
    myName = `guest${detail.id}`;
    names.set(detail.id, myName);
    me.textContent = myName;
  });
  client.addEventListener('message', ({ detail }) => showMessage(detail));
  client.addEventListener('username', ({ detail }) => {
    const before = names.get(detail.id) ?? `guest${detail.id}`;
    names.set(detail.id, detail.name);
    if (detail.id === client.id) {
      myName = detail.name;
      me.textContent = myName;
    }
    if (before !== detail.name) notice(chatbox, `${before} is now ${detail.name}.`);
  });
  client.addEventListener('rejectusername', ({ detail }) => {
    myName = detail.name;
    me.textContent = myName;
    notice(chatbox, `Your name is ${detail.name}: “${client.requestedName}” is taken or not allowed.`, 'warn');
  });
  client.addEventListener('userlist', ({ detail }) => showUsers(detail.users ?? []));
  client.addEventListener('error', ({ detail }) => {
    if (detail.code === 'rate-limited') {
      const pause = seconds(detail.retryAfterMillis ?? 0);
      countedNotice(chatbox, 'rate-limited', (count) => `Sending too fast: the server did not deliver ${count === 1 ? 'a message' : `${count} messages`}; `
        + `sending paused for ${pause}.`);
    } else {
      notice(chatbox, `The server refused a message: ${detail.message ?? detail.code} (${detail.code}).`, 'error');
    }
  });
  client.addEventListener('protocol-error', ({ detail }) => {
    notice(chatbox, `Unexpected frame from the server: ${String(detail.data).slice(0, 80)}`, 'error');
  });
  client.connect();
}

function showMessage(message) {
  const key = `${message.id}|${message.date}|${message.name}|${message.text}`;
  if (message.replay && shown.has(key)) return;
  shown.add(key);
  if (shown.size > SHOWN_KEPT) shown.delete(shown.values().next().value);
  const mine = !message.replay && message.id === client.id;
  const line = el('p', `message${mine ? ' mine' : ''}${message.replay ? ' replay' : ''}`,
    el('time', '', timeOf(message.date)), el('span', 'name', message.name), el('span', 'text', message.text));
  appendLine(chatbox, line);
}

function showUsers(users) {
  userlist.replaceChildren(...users.map((name) => el('li', name === myName ? 'me' : '', name)));
}
