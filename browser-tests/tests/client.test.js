// The browser client's logic, in Node with a fake WebSocket and fake timers: reconnect policy,
// backoff, the outgoing queue, the rate-limit hold, and the chat and broadcast protocols on top.
import { describe, test, mock, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';

import {
  ReconnectingSocket, RECONNECT_CODES, backoffDelay, endpointUrl, explainClose, isValidName,
} from '../../webapp/js/switchboard.js';
import { ChatClient } from '../../webapp/js/chat-client.js';
import { BroadcastClient, SeqTracker } from '../../webapp/js/broadcast-client.js';

/** A WebSocket double: the test plays the server through open(), deliver() and drop(). */
class FakeWebSocket {
  static instances = [];
  static last() { return FakeWebSocket.instances.at(-1); }

  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
    this.readyState = 0;
    this.protocol = '';
    this.sent = [];
    FakeWebSocket.instances.push(this);
  }

  send(data) {
    if (this.readyState !== 1) throw new Error('send while not open');
    this.sent.push(data);
  }

  close() {
    this.drop(1006, '', false);
  }

  open(protocol = '') {
    this.readyState = 1;
    this.protocol = protocol;
    this.onopen?.({});
  }

  deliver(data) { this.onmessage?.({ data }); }

  drop(code, reason = '', wasClean = true) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code, reason, wasClean });
  }
}

const page = 'http://127.0.0.1:18280/switchboard/chat.html?room=x';
let clock = 0;

function socketOptions(extra = {}) {
  return { WebSocket: FakeWebSocket, now: () => clock, random: () => 0.5, ...extra };
}

function events(target, ...types) {
  const seen = [];
  for (const type of types) target.addEventListener(type, (event) => seen.push({ type, ...event.detail }));
  return seen;
}

function advance(millis) {
  clock += millis;
  mock.timers.tick(millis);
}

beforeEach(() => {
  FakeWebSocket.instances = [];
  clock = 1_000_000;
  mock.timers.enable({ apis: ['setTimeout'] });
});
afterEach(() => mock.timers.reset());

describe('endpoint URLs', () => {
  test('keep the page host, port and context path and switch to ws', () => {
    assert.equal(endpointUrl('chat/lobby', page), 'ws://127.0.0.1:18280/switchboard/chat/lobby');
  });

  test('use wss for a page served over https', () => {
    assert.equal(endpointUrl('echo', 'https://example.org/apps/sb/echo.html'), 'wss://example.org/apps/sb/echo');
  });

  test('work for a WAR deployed at the root context', () => {
    assert.equal(endpointUrl('broadcast/all', 'http://localhost:8080/broadcast.html'), 'ws://localhost:8080/broadcast/all');
  });
});

describe('room and channel names', () => {
  test('names of 1 to 64 letters, digits, dots, underscores and dashes are valid', () => {
    for (const name of ['lobby', 'a', 'dev.team_2-b', 'x'.repeat(64), '...']) {
      assert.equal(isValidName(name), true, name);
    }
  });

  test('empty, too long, other characters, "." and ".." are not', () => {
    for (const name of ['', 'x'.repeat(65), 'a b', 'caf\u00e9', 'a/b', '.', '..']) {
      assert.equal(isValidName(name), false, name);
    }
  });
});

describe('backoff', () => {
  test('is full jitter below an exponential ceiling', () => {
    const top = () => 0.999999;
    assert.equal(backoffDelay(0, { initialMillis: 500, maxMillis: 10_000, random: top }), 499);
    assert.equal(backoffDelay(3, { initialMillis: 500, maxMillis: 10_000, random: top }), 3999);
    assert.equal(backoffDelay(9, { initialMillis: 500, maxMillis: 10_000, random: top }), 9999);
    assert.equal(backoffDelay(9, { random: () => 0 }), 0);
  });

  test('grows while reconnects fail and starts over after a connection that lasted', () => {
    const socket = new ReconnectingSocket('ws://x/echo', socketOptions({ random: () => 0.999999 }));
    const closes = events(socket, 'close');
    socket.connect();
    for (let i = 0; i < 4; i++) {
      FakeWebSocket.last().drop(1006, '', false);
      advance(closes.at(-1).reconnectInMillis);
    }
    assert.deepEqual(closes.map((c) => c.reconnectInMillis), [499, 999, 1999, 3999]);
    FakeWebSocket.last().open();
    advance(5_000);
    FakeWebSocket.last().drop(1001, 'going away');
    assert.equal(closes.at(-1).reconnectInMillis, 499);
  });

  test('waits longer after 1013, when the server said it is full', () => {
    const socket = new ReconnectingSocket('ws://x/echo', socketOptions({ random: () => 0.999999 }));
    const closes = events(socket, 'close');
    socket.connect();
    FakeWebSocket.last().open();
    FakeWebSocket.last().drop(1013, 'try again later');
    assert.equal(closes[0].reconnectInMillis, 3999);
    assert.equal(closes[0].explanation, 'The server is full; try again later.');
  });
});

describe('reconnect policy', () => {
  for (const code of [1001, 1006, 1011, 1013]) {
    test(`reconnects after ${code}`, () => {
      const socket = new ReconnectingSocket('ws://x/chat/a', socketOptions());
      const closes = events(socket, 'close');
      socket.connect();
      FakeWebSocket.last().open();
      FakeWebSocket.last().drop(code);
      assert.equal(socket.state, 'waiting');
      assert.ok(closes[0].reconnectInMillis !== null);
      advance(closes[0].reconnectInMillis);
      assert.equal(FakeWebSocket.instances.length, 2);
      assert.equal(socket.state, 'connecting');
    });
  }

  for (const [code, reason] of [[1008, 'invalid name'], [1008, 'rate limit exceeded'], [1008, 'slow consumer'], [1009, ''], [1000, 'Bye!'], [1003, '']]) {
    test(`gives up after ${code} ${reason}`.trim(), () => {
      const socket = new ReconnectingSocket('ws://x/chat/a', socketOptions());
      const closes = events(socket, 'close');
      socket.connect();
      FakeWebSocket.last().open();
      FakeWebSocket.last().drop(code, reason);
      advance(60_000);
      assert.equal(socket.state, 'closed');
      assert.equal(closes[0].reconnectInMillis, null);
      assert.equal(FakeWebSocket.instances.length, 1);
      assert.equal(socket.send('x'), 'closed');
    });
  }

  test('the reconnect codes are exactly the ones where trying again can help', () => {
    assert.deepEqual([...RECONNECT_CODES].sort(), [1001, 1006, 1011, 1012, 1013, 1014]);
  });

  test('a handshake that hangs is abandoned and retried', () => {
    const socket = new ReconnectingSocket('ws://x/echo', socketOptions({ connectTimeoutMillis: 3_000 }));
    const closes = events(socket, 'close');
    socket.connect();
    advance(3_000);
    assert.equal(closes[0].code, 1006);
    assert.equal(socket.state, 'waiting');
  });

  test('gives up at once when the browser refuses to create the socket', () => {
    class Refusing { constructor() { throw new Error('insecure'); } }
    const socket = new ReconnectingSocket('ws://x/echo', socketOptions({ WebSocket: Refusing }));
    const closes = events(socket, 'close');
    socket.connect();
    assert.equal(socket.state, 'closed');
    assert.equal(closes[0].explanation, 'The browser refused to connect: insecure');
    assert.equal(closes[0].reconnectInMillis, null);
  });

  test('connect() after close() starts afresh, without the old hold', () => {
    const socket = new ReconnectingSocket('ws://x/echo', socketOptions());
    socket.connect();
    FakeWebSocket.last().open();
    socket.holdFor(60_000);
    socket.close();
    socket.connect();
    FakeWebSocket.last().open();
    assert.equal(socket.send('now'), 'sent');
  });

  test('close() by the page never reconnects', () => {
    const socket = new ReconnectingSocket('ws://x/echo', socketOptions());
    socket.connect();
    FakeWebSocket.last().open();
    socket.close();
    advance(60_000);
    assert.equal(FakeWebSocket.instances.length, 1);
    assert.equal(socket.state, 'closed');
  });
});

describe('close explanations', () => {
  test('use the reason to tell the three 1008 policies apart', () => {
    assert.match(explainClose(1008, 'invalid name'), /Invalid room or channel name/);
    assert.match(explainClose(1008, 'rate limit exceeded'), /rate limit/);
    assert.match(explainClose(1008, 'slow consumer'), /slow consumer/);
    assert.match(explainClose(1008, 'something new'), /policy: something new/);
  });

  test('say what 1001, 1009 and 1013 mean', () => {
    assert.match(explainClose(1001), /going away/);
    assert.match(explainClose(1009), /too big/);
    assert.match(explainClose(1013), /full/);
  });
});

describe('outgoing queue', () => {
  test('holds frames while reconnecting and sends them in order once open', () => {
    const socket = new ReconnectingSocket('ws://x/echo', socketOptions());
    socket.connect();
    FakeWebSocket.last().open();
    FakeWebSocket.last().drop(1006, '', false);
    assert.equal(socket.send('a'), 'queued');
    assert.equal(socket.send('b'), 'queued');
    advance(10_000);
    FakeWebSocket.last().open();
    assert.deepEqual(FakeWebSocket.last().sent, ['a', 'b']);
    assert.equal(socket.send('c'), 'sent');
  });

  test('sends what an open listener sends before the queued frames', () => {
    const socket = new ReconnectingSocket('ws://x/echo', socketOptions());
    socket.addEventListener('open', () => socket.send('hello first'));
    socket.connect();
    socket.send('queued');
    FakeWebSocket.last().open();
    assert.deepEqual(FakeWebSocket.last().sent, ['hello first', 'queued']);
  });

  test('when full drops the oldest frame and reports it', () => {
    const socket = new ReconnectingSocket('ws://x/echo', socketOptions({ queueLimit: 2 }));
    const overflows = events(socket, 'overflow');
    socket.connect();
    socket.send('1');
    socket.send('2');
    socket.send('3');
    assert.deepEqual(overflows, [{ type: 'overflow', dropped: '1', droppedTotal: 1, limit: 2 }]);
    FakeWebSocket.last().open();
    assert.deepEqual(FakeWebSocket.last().sent, ['2', '3']);
  });

  test('is discarded, and counted, when the socket gives up', () => {
    const socket = new ReconnectingSocket('ws://x/echo', socketOptions());
    const closes = events(socket, 'close');
    socket.connect();
    FakeWebSocket.last().open();
    FakeWebSocket.last().drop(1006, '', false);
    socket.send('a');
    advance(10_000);
    FakeWebSocket.last().open();
    FakeWebSocket.last().drop(1006, '', false);
    socket.send('b');
    socket.send('c');
    advance(10_000);
    FakeWebSocket.last().open();
    socket.holdFor(5_000);
    socket.send('d');
    FakeWebSocket.last().drop(1009, '');
    assert.equal(closes.at(-1).discarded, 1);
  });
});

describe('rate-limit hold', () => {
  test('queues sends until retryAfterMillis has passed', () => {
    const socket = new ReconnectingSocket('ws://x/broadcast/a', socketOptions());
    const holds = events(socket, 'hold');
    socket.connect();
    FakeWebSocket.last().open();
    socket.holdFor(1_200);
    assert.equal(socket.send('later'), 'queued');
    advance(1_199);
    assert.deepEqual(FakeWebSocket.last().sent, []);
    advance(1);
    assert.deepEqual(FakeWebSocket.last().sent, ['later']);
    assert.equal(holds[0].millis, 1_200);
  });
});

describe('chat client', () => {
  function chat(name = 'alice') {
    return new ChatClient('lobby', { name, page, socket: socketOptions() });
  }

  test('connects to the room with the json subprotocol offered', () => {
    chat().connect();
    assert.equal(FakeWebSocket.last().url, 'ws://127.0.0.1:18280/switchboard/chat/lobby');
    assert.deepEqual(FakeWebSocket.last().protocols, ['json']);
  });

  test('claims the name on every reconnect, before queued messages', () => {
    const client = chat().connect();
    FakeWebSocket.last().open('json');
    FakeWebSocket.last().deliver('{"type":"id","id":7,"date":1}');
    assert.equal(client.id, 7);
    FakeWebSocket.last().drop(1001, 'going away');
    assert.equal(client.id, null);
    client.say('while away');
    advance(10_000);
    FakeWebSocket.last().open('json');
    assert.deepEqual(FakeWebSocket.last().sent.map((s) => JSON.parse(s)), [
      { type: 'username', name: 'alice' },
      { type: 'message', text: 'while away' },
    ]);
  });

  test('re-claims the last requested name, not the one assigned after a collision', () => {
    const client = chat().connect();
    FakeWebSocket.last().open('json');
    FakeWebSocket.last().deliver('{"type":"rejectusername","id":3,"name":"bob1","date":1}');
    client.setName('bob');
    FakeWebSocket.last().drop(1006, '', false);
    advance(10_000);
    FakeWebSocket.last().open('json');
    assert.deepEqual(JSON.parse(FakeWebSocket.last().sent[0]), { type: 'username', name: 'bob' });
  });

  test('asks for a name set while disconnected once, on connect', () => {
    const client = chat('');
    client.connect();
    client.setName('carol');
    client.setName('carla');
    FakeWebSocket.last().open('json');
    assert.deepEqual(FakeWebSocket.last().sent, ['{"type":"username","name":"carla"}']);
  });

  test('holds sending after a rate-limited error', () => {
    const client = chat().connect();
    FakeWebSocket.last().open('json');
    const errors = events(client, 'error');
    FakeWebSocket.last().deliver('{"type":"error","code":"rate-limited","message":"slow down","retryAfterMillis":400}');
    assert.equal(client.say('x'), 'queued');
    advance(400);
    assert.equal(FakeWebSocket.last().sent.at(-1), '{"type":"message","text":"x"}');
    assert.equal(errors[0].code, 'rate-limited');
  });

  test('re-dispatches server frames by type and reports frames that are not JSON objects', () => {
    const client = chat().connect();
    FakeWebSocket.last().open('json');
    const seen = events(client, 'message', 'userlist', 'protocol-error');
    FakeWebSocket.last().deliver('{"type":"message","id":2,"name":"bob","text":"hi","date":5}');
    FakeWebSocket.last().deliver('{"type":"userlist","users":["bob","alice"],"date":6}');
    FakeWebSocket.last().deliver('not json');
    assert.deepEqual(seen.map((e) => e.type), ['message', 'userlist', 'protocol-error']);
    assert.equal(seen[0].text, 'hi');
  });
});

describe('broadcast client', () => {
  test('follows seq and reports gaps and restarts', () => {
    const seq = new SeqTracker();
    assert.equal(seq.observe(5).kind, 'first');
    assert.equal(seq.observe(6).kind, 'next');
    assert.deepEqual(seq.observe(9), { kind: 'gap', from: 7, to: 8, missing: 2 });
    assert.deepEqual(seq.observe(1), { kind: 'reset', last: 9, seq: 1 });
  });

  test('turns envelopes into broadcast, gap, dropped and error events', () => {
    const client = new BroadcastClient('news', { page, socket: socketOptions() }).connect();
    assert.deepEqual(FakeWebSocket.last().protocols, ['json']);
    FakeWebSocket.last().open('json');
    const seen = events(client, 'broadcast', 'gap', 'dropped', 'error');
    const envelope = (seq) => JSON.stringify({ type: 'broadcast', channel: 'news', seq, from: 0, text: `m${seq}`, date: 1 });
    FakeWebSocket.last().deliver(envelope(1));
    FakeWebSocket.last().deliver('{"type":"dropped","count":3}');
    FakeWebSocket.last().deliver(envelope(5));
    FakeWebSocket.last().deliver('{"type":"error","code":"rate-limited","retryAfterMillis":50}');
    assert.deepEqual(seen.map((e) => e.type), ['broadcast', 'dropped', 'gap', 'broadcast', 'error']);
    assert.equal(seen[2].missing, 3);
    assert.equal(client.publish('x'), 'queued');
    advance(50);
    assert.equal(FakeWebSocket.last().sent.at(-1), 'x');
  });

  const subscribed = (seq, epoch) => JSON.stringify({ type: 'subscribed', channel: 'news', seq, epoch });
  const envelope = (seq, replay = false) => JSON.stringify({
    type: 'broadcast', channel: 'news', seq, from: 0, text: `m${seq}`, date: 1, ...(replay ? { replay: true } : {}),
  });

  /** A client that saw `subscribed` at seq 4 of epoch E1 and then seq 5 and 6, then lost its connection. */
  function clientThatWasAway() {
    const client = new BroadcastClient('news', { page, socket: socketOptions() }).connect();
    FakeWebSocket.last().open('json');
    FakeWebSocket.last().deliver(subscribed(4, 'E1'));
    FakeWebSocket.last().deliver(envelope(5));
    FakeWebSocket.last().deliver(envelope(6));
    FakeWebSocket.last().drop(1006);
    advance(10_000);
    return client;
  }

  test('connects without since or epoch the first time, and follows seq from subscribed', () => {
    const client = new BroadcastClient('news', { page, socket: socketOptions() }).connect();
    assert.equal(FakeWebSocket.last().url, 'ws://127.0.0.1:18280/switchboard/broadcast/news');
    const seen = events(client, 'subscribed', 'gap', 'broadcast');
    FakeWebSocket.last().open('json');
    FakeWebSocket.last().deliver(subscribed(4, 'E1'));
    FakeWebSocket.last().deliver(envelope(5));
    assert.deepEqual(seen.map((e) => e.type), ['subscribed', 'broadcast']);
    assert.equal(seen[0].kind, 'fresh');
    assert.equal(client.lastSeq, 5);
  });

  test('reconnects with the last seq and epoch it saw and reports what the replay recovered', () => {
    const client = clientThatWasAway();
    assert.equal(FakeWebSocket.last().url, 'ws://127.0.0.1:18280/switchboard/broadcast/news?since=6&epoch=E1');
    const seen = events(client, 'subscribed', 'resumed', 'broadcast', 'gap', 'dropped');
    FakeWebSocket.last().open('json');
    FakeWebSocket.last().deliver(subscribed(8, 'E1'));
    FakeWebSocket.last().deliver(envelope(7, true));
    FakeWebSocket.last().deliver(envelope(8, true));
    FakeWebSocket.last().deliver(envelope(9));
    assert.deepEqual(seen.map((e) => e.type), ['subscribed', 'broadcast', 'broadcast', 'resumed', 'broadcast']);
    assert.deepEqual(seen[3], { type: 'resumed', missed: 2, recovered: 2, lost: 0 });
    assert.equal(client.lastSeq, 9);
  });

  test('reports a resume where nothing was missed at once', () => {
    const client = clientThatWasAway();
    const seen = events(client, 'resumed');
    FakeWebSocket.last().open('json');
    FakeWebSocket.last().deliver(subscribed(6, 'E1'));
    assert.deepEqual(seen, [{ type: 'resumed', missed: 0, recovered: 0, lost: 0 }]);
  });

  test('counts what the server no longer kept as lost, without a separate gap or drop', () => {
    const client = clientThatWasAway();
    const seen = events(client, 'resumed', 'gap', 'dropped');
    FakeWebSocket.last().open('json');
    FakeWebSocket.last().deliver(subscribed(10, 'E1'));
    FakeWebSocket.last().deliver('{"type":"dropped","count":2}');
    FakeWebSocket.last().deliver(envelope(9, true));
    FakeWebSocket.last().deliver(envelope(10, true));
    assert.deepEqual(seen, [{ type: 'resumed', missed: 4, recovered: 2, lost: 2 }]);
    assert.equal(FakeWebSocket.last().url.endsWith('?since=6&epoch=E1'), true);
  });

  test('says when the server numbers the channel under a new epoch, and follows the new numbering', () => {
    const client = clientThatWasAway();
    const seen = events(client, 'new-epoch', 'resumed', 'seq-reset', 'gap');
    FakeWebSocket.last().open('json');
    FakeWebSocket.last().deliver(subscribed(0, 'E2'));
    FakeWebSocket.last().deliver(envelope(1));
    assert.deepEqual(seen, [{ type: 'new-epoch', previous: 'E1', epoch: 'E2', seq: 0, lastSeq: 6 }]);
    FakeWebSocket.last().drop(1006);
    advance(10_000);
    assert.equal(FakeWebSocket.last().url.endsWith('?since=1&epoch=E2'), true);
  });

  test('says so when the server does not choose json', () => {
    const client = new BroadcastClient('news', { page, socket: socketOptions() }).connect();
    const seen = events(client, 'protocol-error');
    FakeWebSocket.last().open('');
    assert.deepEqual(seen, [{ type: 'protocol-error', protocol: '' }]);
  });
});
