const WINDOW_MS = 1000;

/**
 * Messages admitted per room over the last second. `maximumMessageRatePerSecond` limits what all of a room's
 * clients send together (https://docs.aws.amazon.com/ivs/latest/ChatAPIReference/API_CreateRoom.html); the
 * docs do not say how a second is measured: here it is a sliding window, so no burst ever exceeds the limit. A
 * message counts when the room admits it, before review: one its review handler denies still counts.
 */
export class RoomMessageRate {
  private readonly admissions = new Map<string, number[]>();

  /** Counts the message and answers true when the room is under its limit at `now`; a refused message does not count. */
  admit(roomArn: string, limit: number, now: number): boolean {
    const recent = (this.admissions.get(roomArn) ?? []).filter((time) => now - time < WINDOW_MS);
    const admitted = recent.length < limit;
    this.admissions.set(roomArn, admitted ? [...recent, now] : recent);
    return admitted;
  }

  clear(): void {
    this.admissions.clear();
  }
}
