/**
 * A WebSocket that comes back: the Switchboard browser client's transport.
 *
 * ReconnectingSocket wraps the browser's WebSocket with what a page on a real network needs:
 * reconnection with exponential backoff and full jitter, a bounded queue of outgoing frames
 * while the connection is down or sending is held, a hold for the server's `retryAfterMillis`,
 * and close codes explained in words. It has no dependencies and touches no DOM, so the same
 * module runs in a page and in Node's test runner.
 *
 * Events (all CustomEvents, details in brackets):
 *   state      {state}                       'connecting' | 'open' | 'waiting' | 'closed'
 *   open       {reconnected, protocol}        frames sent from an `open` listener go out
 *                                             before the queued ones (that is how a client
 *                                             re-claims its name before its queued messages)
 *   message    {data}                         string or ArrayBuffer
 *   close      {code, reason, wasClean, explanation, reconnectInMillis, discarded}
 *                                             reconnectInMillis is null when it gives up;
 *                                             discarded counts queued frames thrown away then
 *   overflow   {dropped, droppedTotal, limit} the queue was full: its oldest frame was dropped
 *   hold       {millis, until}                sending is held (rate limited) until `until`
 */

/** Close codes after which trying again can succeed: the server went away, failed, or was full. */
export const RECONNECT_CODES = new Set([1001, 1006, 1011, 1012, 1013, 1014]);

/**
 * The WebSocket URL of an endpoint of the WAR that served this page, e.g. `chat/lobby`.
 * Pages live at the WAR's root, so resolving against the page's own URL keeps the host, the
 * port and the context path whatever they are (`/switchboard`, `/`, `/apps/sb` …).
 */
export function endpointUrl(path, page = globalThis.location) {
  const url = new URL(path, page.href ?? String(page));
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.hash = '';
  return url.href;
}

/** What a close code (and, for 1008, the server's reason) means to the person at the page. */
export function explainClose(code, reason = '') {
  switch (code) {
    case 1000: return reason ? `Closed by the server: ${reason}.` : 'Closed.';
    case 1001: return 'The server is going away (restart or shutdown).';
    case 1003: return 'The server does not accept binary messages here.';
    case 1005: return 'Closed without a status code.';
    case 1006: return 'The connection was lost, or the server could not be reached.';
    case 1007: return 'The server received text that is not valid UTF-8.';
    case 1008:
      switch (reason) {
        case 'invalid name':
          return 'Invalid room or channel name: use 1 to 64 letters, digits, ".", "_" or "-".';
        case 'rate limit exceeded':
          return 'Disconnected for sending faster than the rate limit for too long.';
        case 'slow consumer':
          return 'Disconnected because this connection could not keep up with the messages (slow consumer).';
        default:
          return `Refused by the server's policy${reason ? `: ${reason}` : ''}.`;
      }
    case 1009: return 'A message was too big for the server.';
    case 1011: return 'The server hit an unexpected error on this connection.';
    case 1012: return 'The server is restarting.';
    case 1013: return 'The server is full; try again later.';
    case 1014: return 'A gateway in front of the server failed.';
    default: return `Closed with code ${code}${reason ? `: ${reason}` : ''}.`;
  }
}

const NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Whether `name` can name a room or channel: 1 to 64 of `A-Z a-z 0-9 . _ -` (the server's rule,
 * docs/protocol.md §1), and neither `.` nor `..`, which match the rule but cannot be a URL path
 * segment (the browser resolves them away before the request is made).
 */
export function isValidName(name) {
  return NAME_PATTERN.test(name) && name !== '.' && name !== '..';
}

/** A JSON frame from the server as an object with a string `type`, or null when it is not one. */
export function parseFrame(data) {
  let frame;
  try {
    frame = JSON.parse(data);
  } catch {
    return null;
  }
  return frame !== null && typeof frame === 'object' && typeof frame.type === 'string' ? frame : null;
}

/**
 * Full-jitter exponential backoff: a uniformly random delay between zero and
 * min(maxMillis, initialMillis · 2^attempt). The randomness is the point: after a server
 * restart, thousands of pages spread their reconnects out instead of arriving together.
 */
export function backoffDelay(attempt, { initialMillis = 500, maxMillis = 10_000, random = Math.random } = {}) {
  const ceiling = Math.min(maxMillis, initialMillis * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

const DEFAULTS = {
  protocols: [],
  binaryType: 'arraybuffer',
  initialDelayMillis: 500,
  maxDelayMillis: 10_000,
  // After 1013 (server full) the first retry waits up to 2^3 · initialDelayMillis, not less:
  // the server has just said that now is a bad time.
  fullServerMinAttempt: 3,
  // A connection that stayed open this long resets the backoff; a server that accepts and
  // closes at once (1013, 1011) keeps it growing.
  stableMillis: 5_000,
  connectTimeoutMillis: 10_000,
  // Bounded so that a long outage cannot grow the page's memory, and small enough that the
  // flush after a reconnect stays inside the server's burst allowance.
  queueLimit: 20,
  random: Math.random,
  now: () => Date.now(),
  WebSocket: globalThis.WebSocket,
};

/** A WebSocket with reconnection, a bounded outgoing queue and a rate-limit hold; see the module comment. */
export class ReconnectingSocket extends EventTarget {
  #url;
  #currentUrl = null;
  #options;
  #ws = null;
  #state = 'idle';
  #attempt = 0;
  #opens = 0;
  #openedAt = 0;
  #retryTimer = null;
  #connectTimer = null;
  #holdUntil = 0;
  #holdTimer = null;
  #queue = [];
  #droppedTotal = 0;
  #inOpenListeners = false;

  /**
   * @param url the endpoint's URL, or a function that returns it: it is called before each attempt,
   *            so a client can say on every reconnect where it got to (broadcast's `since`/`epoch`)
   */
  constructor(url, options = {}) {
    super();
    this.#url = url;
    this.#options = { ...DEFAULTS, ...options };
  }

  /** The URL of the latest attempt (a function given as `url` is called once per attempt). */
  get url() { return this.#currentUrl ?? this.#resolveUrl(); }
  get state() { return this.#state; }
  get protocol() { return this.#ws?.protocol ?? ''; }
  get queued() { return this.#queue.length; }
  get queueLimit() { return this.#options.queueLimit; }
  get droppedTotal() { return this.#droppedTotal; }
  get heldUntil() { return this.#holdUntil > this.#options.now() ? this.#holdUntil : 0; }

  /** Opens the connection (again, after close()). */
  connect() {
    if (this.#state === 'connecting' || this.#state === 'open') return this;
    clearTimeout(this.#retryTimer);
    this.#open();
    return this;
  }

  /**
   * Sends now if the connection is open and nothing is held or queued; otherwise queues.
   * Returns 'sent', 'queued', or 'closed' (the socket gave up or was closed: nothing is kept).
   */
  send(data) {
    if (this.#state === 'closed' || this.#state === 'idle') return 'closed';
    const first = this.#inOpenListeners;
    if (this.#canSendNow() && (first || this.#queue.length === 0)) {
      this.#ws.send(data);
      return 'sent';
    }
    this.#enqueue(data, first);
    return 'queued';
  }

  /** Holds every send for `millis` (the server's retryAfterMillis); queued frames go out after it. */
  holdFor(millis) {
    const until = this.#options.now() + Math.max(0, millis);
    if (until <= this.#holdUntil) return;
    this.#holdUntil = until;
    clearTimeout(this.#holdTimer);
    this.#holdTimer = setTimeout(() => this.#flush(), Math.max(0, millis));
    this.#emit('hold', { millis, until });
  }

  /** Closes for good: no reconnect; queued frames are discarded (and counted in the close event). */
  close(code = 1000, reason = '') {
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#connectTimer);
    clearTimeout(this.#holdTimer);
    this.#holdUntil = 0;
    const ws = this.#ws;
    this.#ws = null;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
      if (ws.readyState === 0 || ws.readyState === 1) ws.close(code, reason);
    }
    if (this.#state !== 'closed' && this.#state !== 'idle') {
      const discarded = this.#queue.length;
      this.#queue = [];
      this.#setState('closed');
      this.#emit('close', { code, reason, wasClean: true, explanation: 'Closed by this page.', reconnectInMillis: null, discarded });
    }
  }

  #resolveUrl() {
    return typeof this.#url === 'function' ? this.#url() : this.#url;
  }

  #open() {
    this.#setState('connecting');
    let ws;
    try {
      this.#currentUrl = this.#resolveUrl();
      ws = new this.#options.WebSocket(this.#currentUrl, this.#options.protocols);
    } catch (error) {
      // A malformed URL, or ws: from an https page: trying again cannot help.
      this.#giveUp({ code: 0, reason: '', wasClean: false, explanation: `The browser refused to connect: ${error.message}` });
      return;
    }
    ws.binaryType = this.#options.binaryType;
    this.#ws = ws;
    // A handshake that hangs (a half-open network, a stuck proxy) is given up and retried.
    this.#connectTimer = setTimeout(() => { if (ws.readyState === 0) ws.close(); }, this.#options.connectTimeoutMillis);
    ws.onopen = () => {
      clearTimeout(this.#connectTimer);
      this.#openedAt = this.#options.now();
      this.#setState('open');
      this.#inOpenListeners = true;
      try {
        this.#emit('open', { reconnected: this.#opens++ > 0, protocol: ws.protocol });
      } finally {
        this.#inOpenListeners = false;
      }
      this.#flush();
    };
    ws.onmessage = (event) => this.#emit('message', { data: event.data });
    // The browser reports the details of a failed connection itself; the close event follows.
    ws.onerror = () => {};
    ws.onclose = (event) => this.#closed(ws, event);
  }

  #closed(ws, { code, reason, wasClean }) {
    if (ws !== this.#ws) return;
    clearTimeout(this.#connectTimer);
    this.#ws = null;
    const explanation = explainClose(code, reason);
    if (!RECONNECT_CODES.has(code)) {
      this.#giveUp({ code, reason, wasClean, explanation });
      return;
    }
    const { now, stableMillis, fullServerMinAttempt } = this.#options;
    if (this.#openedAt && now() - this.#openedAt >= stableMillis) this.#attempt = 0;
    if (code === 1013) this.#attempt = Math.max(this.#attempt, fullServerMinAttempt);
    this.#openedAt = 0;
    const delay = backoffDelay(this.#attempt++, {
      initialMillis: this.#options.initialDelayMillis,
      maxMillis: this.#options.maxDelayMillis,
      random: this.#options.random,
    });
    this.#setState('waiting');
    this.#emit('close', { code, reason, wasClean, explanation, reconnectInMillis: delay, discarded: 0 });
    this.#retryTimer = setTimeout(() => this.#open(), delay);
  }

  #giveUp(close) {
    const discarded = this.#queue.length;
    this.#queue = [];
    clearTimeout(this.#holdTimer);
    this.#holdUntil = 0;
    this.#setState('closed');
    this.#emit('close', { ...close, reconnectInMillis: null, discarded });
  }

  #canSendNow() {
    return this.#state === 'open' && this.#ws?.readyState === 1 && this.#options.now() >= this.#holdUntil;
  }

  #enqueue(data, first = false) {
    if (this.#queue.length >= this.#options.queueLimit) {
      const dropped = this.#queue.shift();
      this.#droppedTotal++;
      this.#emit('overflow', { dropped, droppedTotal: this.#droppedTotal, limit: this.#options.queueLimit });
    }
    if (first) this.#queue.unshift(data); else this.#queue.push(data);
  }

  #flush() {
    while (this.#queue.length > 0 && this.#canSendNow()) this.#ws.send(this.#queue.shift());
  }

  #setState(state) {
    if (state === this.#state) return;
    this.#state = state;
    this.#emit('state', { state });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
