/**
 * The MDN chat protocol (docs/protocol.md §4) over a ReconnectingSocket.
 *
 * A ChatClient remembers the name the person asked for and claims it again on every
 * reconnect, so a server restart costs a moment of "reconnecting…" and nothing else. It
 * holds sending for the server's `retryAfterMillis` after a `rate-limited` error.
 *
 * Events: every server frame is re-dispatched as a CustomEvent named after its `type`
 * (`id`, `message`, `username`, `rejectusername`, `userlist`, `error`) with the parsed
 * object as detail; a frame that is not a JSON object becomes `protocol-error` {data}.
 * `socket` is exposed for the transport's own events (state, close, overflow, hold).
 */
import { ReconnectingSocket, endpointUrl, parseFrame } from './switchboard.js';

export class ChatClient extends EventTarget {
  #room;
  #socket;
  #requestedName;
  #id = null;

  /**
   * @param room    the room name; `lobby` is what `/chat` itself serves
   * @param options `name`: the name to claim on connect; `page`: the page URL endpoints are
   *                resolved against; `socket`: ReconnectingSocket options
   */
  constructor(room, { name = '', page = globalThis.location, socket = {} } = {}) {
    super();
    this.#room = room;
    this.#requestedName = name.trim();
    this.#socket = new ReconnectingSocket(endpointUrl(`chat/${encodeURIComponent(room)}`, page), {
      protocols: ['json'],
      ...socket,
    });
    this.#socket.addEventListener('open', () => this.#claimName());
    this.#socket.addEventListener('close', () => { this.#id = null; });
    this.#socket.addEventListener('message', (event) => this.#receive(event.detail.data));
  }

  get room() { return this.#room; }
  get socket() { return this.#socket; }
  /** This connection's id; a new one after every reconnect, null while disconnected. */
  get id() { return this.#id; }
  get requestedName() { return this.#requestedName; }

  connect() { this.#socket.connect(); return this; }
  close() { this.#socket.close(1000, 'leaving'); }

  /**
   * Asks for a name. It is state, not a message: it is sent now if the connection is open and
   * otherwise claimed when it next opens, never queued twice.
   */
  setName(name) {
    this.#requestedName = name.trim();
    if (this.#socket.state === 'open') this.#claimName();
  }

  /** Sends a chat message; returns what ReconnectingSocket.send returned. */
  say(text) {
    return this.#socket.send(JSON.stringify({ type: 'message', text }));
  }

  #claimName() {
    if (this.#requestedName) this.#socket.send(JSON.stringify({ type: 'username', name: this.#requestedName }));
  }

  #receive(data) {
    const frame = parseFrame(data);
    if (frame === null) {
      this.#emit('protocol-error', { data });
      return;
    }
    if (frame.type === 'id') this.#id = frame.id;
    if (frame.type === 'error' && frame.code === 'rate-limited' && Number.isFinite(frame.retryAfterMillis)) {
      this.#socket.holdFor(frame.retryAfterMillis);
    }
    this.#emit(frame.type, frame);
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
