import type { Duplex } from 'stream';
import { deliveryFrame } from './frames';
import { Delivery } from '../control-plane/fan-out';

/**
 * What the endpoint's connections write, made cheap for a fan-out to a whole room (bench/messaging.ts measures it):
 *
 * - A delivery is serialized once for all its recipients, as one UTF-8 buffer every recipient's socket sends as is;
 *   only the sender's copy, which carries its `RequestId`, is serialized apart.
 * - Each socket's writes are held (corked) until the end of the event loop's turn, then go out in one system call.
 *   With one frame per socket per turn that changes nothing; when the server falls behind, the frames of every
 *   message handled in one turn share a write, so a loaded server spends less per frame instead of falling further
 *   behind. A frame waits at most until the turn's `setImmediate`: no timer, no added delay when idle.
 */
export class Outbox {
  private readonly frames = new WeakMap<Delivery, Buffer>();
  private readonly held = new Set<Duplex>();
  private flushing = false;

  /** The delivery's frame without a request id, serialized by its first recipient. */
  sharedFrame(delivery: Delivery): Buffer {
    let frame = this.frames.get(delivery);
    if (frame === undefined) {
      frame = Buffer.from(deliveryFrame(delivery), 'utf8');
      this.frames.set(delivery, frame);
    }
    return frame;
  }

  /** Holds the socket's writes until the end of this turn. */
  hold(socket: Duplex): void {
    if (this.held.has(socket)) return;
    socket.cork();
    this.held.add(socket);
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushing = false;
    for (const socket of this.held) socket.uncork();
    this.held.clear();
  }
}
