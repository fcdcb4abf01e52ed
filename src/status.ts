import type { Message } from "./messages.js";
import type { World } from "./world.js";

import { protocolModule } from "./protocols/index.js";

export { formatDuration } from "./duration.js";

/**
 * What a message waits for, or what someone may do with it now, in the
 * protocol's own words: "claimable: relayMessageWithProof", "cancellable in 3d 4h",
 * "expired: resendMessage on opA". Each protocol's module words its own stages;
 * a stage it does not word shows as "—" once the message is done, else as the stage.
 */
export async function nextAction(
  world: World,
  message: Message,
  now: number,
  l1Head: number,
): Promise<string> {
  const text = protocolModule(message.protocol)?.nextAction(message, world, {
    now,
    l1Head,
  });
  if (text !== undefined) return text;
  return message.status === "relayed" || message.status === "cancelled"
    ? "—"
    : message.stage;
}
