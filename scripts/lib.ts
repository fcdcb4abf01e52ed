import type { Message, MessageStatus } from "../src/messages.js";
import type { World } from "../src/world.js";

/** Prints one narrated step of a demo. */
export function step(text: string): void {
  console.log(`\n▸ ${text}`);
}

/**
 * Waits until the relayer of the running node has moved the message to one of
 * `statuses`, reading the chains (this script never relays itself).
 */
export async function waitFor(
  world: World,
  match: (m: Message) => boolean,
  statuses: MessageStatus[],
  timeoutMs = 120_000,
): Promise<Message> {
  const started = Date.now();
  for (;;) {
    await world.refresh();
    const message = world.messages().find(match);
    if (message !== undefined && statuses.includes(message.status)) {
      console.log(`  ${message.id}: ${message.status}/${message.stage}`);
      return message;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `timed out waiting for a message to become ${statuses.join(" or ")}${message === undefined ? " (not seen yet)" : ` (it is ${message.status}/${message.stage})`}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`demo check failed: ${what}`);
  console.log(`  ✓ ${what}`);
}
