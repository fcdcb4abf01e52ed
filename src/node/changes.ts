import type { Message, MessageChange } from "../messages.js";

import { protocolModule } from "../protocols/index.js";

/** One line of xdm:node's and xdm:relay's message log. */
export function formatChange(change: MessageChange, message: Message): string {
  const time = new Date().toISOString().slice(11, 19);
  const error =
    change.status === "failed" && message.error !== undefined
      ? ` — ${message.error}`
      : "";
  const carries = protocolModule(message.protocol)?.describe?.(message);
  const what = carries !== undefined ? ` (${carries})` : "";
  return `${time} ${message.protocol.padEnd(8)} ${`${message.from}→${message.to}`.padEnd(18)} ${message.id}${what} ${change.status}/${change.stage}${error}`;
}

/** The same change as one line of `xdm:node --json`'s output. */
export function changeRecord(
  change: MessageChange,
  message: Message,
): Record<string, unknown> {
  return {
    event: "message",
    time: new Date().toISOString(),
    id: message.id,
    protocol: message.protocol,
    from: message.from,
    to: message.to,
    status: change.status,
    stage: change.stage,
    previous: change.previous ?? null,
    sourceTx: message.sourceTx,
    destinationTx: message.destinationTx ?? null,
    error: message.error ?? null,
    carries: protocolModule(message.protocol)?.carries?.(message) ?? null,
  };
}
