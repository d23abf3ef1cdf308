/** broadcast.html: a channel feed with the `json` subprotocol, and a publish box. */
import { BroadcastClient } from './broadcast-client.js';
import { isValidName } from './switchboard.js';
import { appendLine, byId, countedNotice, el, followSocket, notice, seconds, timeOf } from './ui.js';

const channelInput = byId('channel');
const feed = byId('feed');
const status = byId('status');
const lastSeq = byId('last-seq');
const text = byId('text');
const repeat = byId('repeat');

const MAX_REPEAT = 100;

let client = null;

const params = new URLSearchParams(location.search);
channelInput.value = params.get('channel') ?? channelInput.value;

byId('channel-form').addEventListener('submit', (event) => {
  event.preventDefault();
  subscribe(channelInput.value.trim());
});
byId('publish-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const value = text.value;
  if (!value || !client) return;
  const times = Math.min(MAX_REPEAT, Math.max(1, Number.parseInt(repeat.value, 10) || 1));
  let queued = 0;
  for (let i = 1; i <= times; i++) {
    const outcome = client.publish(times === 1 ? value : `${value} (${i}/${times})`);
    if (outcome === 'closed') {
      notice(feed, 'Not connected, and not reconnecting: subscribe again to publish.', 'error');
      return;
    }
    if (outcome === 'queued') queued++;
  }
  if (queued) notice(feed, `${queued} queued until sending is possible (${client.socket.queued} waiting).`);
  text.value = '';
});

subscribe(channelInput.value.trim());

function subscribe(channel) {
  client?.close();
  client = null;
  feed.replaceChildren();
  lastSeq.textContent = 'none yet';
  if (!isValidName(channel)) {
    status.dataset.state = 'closed';
    status.textContent = `“${channel}” is not a channel name: use 1 to 64 letters, digits, “.”, “_” or “-” (not “.” or “..” alone).`;
    return;
  }
  const url = new URL(location.href);
  url.searchParams.set('channel', channel);
  history.replaceState(null, '', url);

  client = new BroadcastClient(channel);
  followSocket(client.socket, status, feed, { describe: () => `channel ${channel}` });
  client.addEventListener('broadcast', ({ detail }) => {
    lastSeq.textContent = String(detail.seq);
    appendLine(feed, el('p', detail.replay === true ? 'message replay' : 'message',
      el('time', '', timeOf(detail.date)),
      el('span', 'seq', `#${detail.seq}`),
      el('span', 'from', detail.from === 0 ? 'server' : `conn ${detail.from}`),
      el('span', 'text', detail.text),
      ...(detail.replay === true ? [el('span', 'replayed', 'recovered after reconnecting')] : [])));
  });
  client.addEventListener('subscribed', ({ detail }) => {
    if (detail.seq > 0) lastSeq.textContent = String(detail.seq);
  });
  client.addEventListener('resumed', ({ detail }) => {
    const { recovered, lost } = detail;
    if (lost === 0) {
      notice(feed, recovered === 0 ? 'Resumed: no messages were missed.'
        : `Resumed: ${recovered} missed message${recovered === 1 ? '' : 's'} recovered.`);
    } else {
      notice(feed, `Resumed with a gap: ${lost} message${lost === 1 ? '' : 's'} missed (no longer kept by the server)`
        + (recovered ? `; ${recovered} recovered.` : '.'), 'warn');
    }
  });
  client.addEventListener('new-epoch', ({ detail }) => {
    notice(feed, `Server restarted: messages may have been missed (the channel's numbering started over at seq ${detail.seq}).`, 'warn');
  });
  client.addEventListener('gap', ({ detail }) => {
    const range = detail.from === detail.to ? `seq ${detail.from}` : `seq ${detail.from}–${detail.to}`;
    notice(feed, `Gap: ${detail.missing} message${detail.missing === 1 ? '' : 's'} never arrived here (${range}).`, 'warn');
  });
  client.addEventListener('seq-reset', ({ detail }) => {
    notice(feed, `The channel's seq started over (${detail.last} → ${detail.seq}): the server restarted.`, 'warn');
  });
  client.addEventListener('dropped', ({ detail }) => {
    notice(feed, `Dropped: the server discarded ${detail.count} message${detail.count === 1 ? '' : 's'} `
      + 'because this page was not keeping up.', 'warn');
  });
  client.addEventListener('error', ({ detail }) => {
    if (detail.code === 'rate-limited') {
      const pause = seconds(detail.retryAfterMillis ?? 0);
      countedNotice(feed, 'rate-limited', (count) => `Rate limited: ${count === 1 ? 'a message was' : `${count} messages were`} not relayed; `
        + `publishing paused for ${pause}.`);
    } else {
      notice(feed, `The server refused a message: ${detail.message ?? detail.code} (${detail.code}).`, 'error');
    }
  });
  client.addEventListener('protocol-error', ({ detail }) => {
    if ('protocol' in detail) {
      notice(feed, `The server did not choose the json subprotocol (got “${detail.protocol}”).`, 'error');
    } else {
      notice(feed, `Unexpected frame from the server: ${String(detail.data).slice(0, 80)}`, 'error');
    }
  });
  client.connect();
}
