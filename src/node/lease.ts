/** Seconds a relayer's lease lasts without renewal: a killed relayer frees the role this fast. */
export const LEASE_SECONDS = 5;

/**
 * Who may run the actors: Scroll's sequencer and batcher and StarkNet's state
 * updater are single roles, so exactly one relayer acts at a time. xdm:node
 * holds the lease itself while it autorelays; `xdm:relay` takes it otherwise.
 */
export class RelayerLease {
  #holder: string | undefined;
  #until = 0;

  constructor(permanentHolder?: string) {
    if (permanentHolder !== undefined) {
      this.#holder = permanentHolder;
      this.#until = Infinity;
    }
  }

  acquire(
    holder: string,
    seconds = LEASE_SECONDS,
  ): { granted: boolean; holder: string | undefined } {
    const now = Date.now();
    if (
      this.#holder === undefined ||
      this.#holder === holder ||
      this.#until < now
    ) {
      this.#holder = holder;
      this.#until = now + seconds * 1000;
      return { granted: true, holder };
    }
    return { granted: false, holder: this.#holder };
  }

  release(holder: string): boolean {
    if (this.#holder !== holder || this.#until === Infinity) return false;
    this.#holder = undefined;
    return true;
  }
}
