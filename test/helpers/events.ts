/** The events of a receipt, decoded with a contract's or an interface's ABI. */
import type { Contract, Interface, Log, TransactionReceipt } from "ethers";

/**
 * An event's values, by position and by parameter name (like ethers' Result), with nested values as
 * plain arrays, so that they deep-equal plain arrays.
 */
export type EventArgs = unknown[] & Record<string, unknown>;

/** One event of a receipt. */
export interface DecodedEvent {
  name: string;
  args: EventArgs;
  log: Log;
}

/**
 * The events of `receipt` that `source` decodes, optionally only those named `name`, in log order.
 * A contract reads only the logs it emitted; an interface reads the logs of any address whose topic
 * is one of its events.
 */
export function eventsOf(
  receipt: TransactionReceipt,
  source: Contract | Interface,
  name?: string,
): DecodedEvent[] {
  const iface = "interface" in source ? source.interface : source;
  const address =
    "interface" in source ? source.target.toString().toLowerCase() : undefined;
  const events: DecodedEvent[] = [];
  for (const log of receipt.logs) {
    if (address !== undefined && log.address.toLowerCase() !== address)
      continue;
    const parsed = iface.parseLog({ topics: [...log.topics], data: log.data });
    if (parsed === null || (name !== undefined && parsed.name !== name))
      continue;
    const named: Record<string, unknown> = {};
    const values: unknown[] = parsed.args.toArray(true);
    parsed.fragment.inputs.forEach((input, index) => {
      if (input.name !== "") named[input.name] = values[index];
    });
    events.push({ name: parsed.name, args: Object.assign(values, named), log });
  }
  return events;
}
