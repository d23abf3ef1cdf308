/**
 * A broadcast channel (docs/protocol.md §5) with the `json` subprotocol, over a ReconnectingSocket.
 *
 * Events (CustomEvents):
 *   broadcast       the envelope {type, channel, seq, from, text, date}
 *   gap             {from, to, missing}: seq numbers that never arrived (dropped as a slow
 *                   consumer, or published while this page was disconnected)
 *   seq-reset       {last, seq}: seq went backwards, so the channel started over (a server
 *                   restart without shared state)
 *   dropped         {count}: the server dropped this many messages for this slow client
 *   error           the server's error frame; `rate-limited` also holds sending
 *   protocol-error  {data} a frame that is not a JSON envelope, or {protocol} when the server
 *                   did not choose `json`
 */
import { ReconnectingSocket, endpointUrl, parseFrame } from './switchboard.js';

/** Follows a channel's `seq`, which rises by one per relayed message, and names what is missing. */
export class SeqTracker {
  #last = null;

  get last() { return this.#last; }

  /** Returns {kind: 'first'|'next'|'gap'|'reset', …} for the next seq seen. */
  observe(seq) {
    const last = this.#last;
    this.#last = seq;
    if (last === null) return { kind: 'first', seq };
    if (seq === last + 1) return { kind: 'next', seq };
    if (seq > last + 1) return { kind: 'gap', from: last + 1, to: seq - 1, missing: seq - last - 1 };
    return { kind: 'reset', last, seq };
  }
}

export class BroadcastClient extends EventTarget {
  #channel;
  #socket;
  #seq = new SeqTracker();

  /**
   * @param channel the channel name; `all` is what `/broadcast` itself serves
   * @param options `page`: the page URL endpoints are resolved against; `socket`: ReconnectingSocket options
   */
  constructor(channel, { page = globalThis.location, socket = {} } = {}) {
    super();
    this.#channel = channel;
    this.#socket = new ReconnectingSocket(endpointUrl(`broadcast/${encodeURIComponent(channel)}`, page), {
      protocols: ['json'],
      queueLimit: 32,
      ...socket,
    });
    this.#socket.addEventListener('open', (event) => {
      // Without `json` the frames would be bare texts (subprotocol `text`): say so rather than guess.
      if (event.detail.protocol !== 'json') this.#emit('protocol-error', { protocol: event.detail.protocol });
    });
    this.#socket.addEventListener('message', (event) => this.#receive(event.detail.data));
  }

  get channel() { return this.#channel; }
  get socket() { return this.#socket; }
  get lastSeq() { return this.#seq.last; }

  connect() { this.#socket.connect(); return this; }
  close() { this.#socket.close(1000, 'leaving'); }

  /** Publishes a text to the channel; returns what ReconnectingSocket.send returned. */
  publish(text) {
    return this.#socket.send(text);
  }

  #receive(data) {
    const frame = parseFrame(data);
    if (frame === null) {
      this.#emit('protocol-error', { data });
      return;
    }
    switch (frame.type) {
      case 'broadcast': {
        const step = this.#seq.observe(frame.seq);
        if (step.kind === 'gap') this.#emit('gap', step);
        if (step.kind === 'reset') this.#emit('seq-reset', step);
        this.#emit('broadcast', frame);
        break;
      }
      case 'dropped':
        this.#emit('dropped', frame);
        break;
      case 'error':
        if (frame.code === 'rate-limited' && Number.isFinite(frame.retryAfterMillis)) {
          this.#socket.holdFor(frame.retryAfterMillis);
        }
        this.#emit('error', frame);
        break;
      default:
        this.#emit('protocol-error', { data });
    }
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
