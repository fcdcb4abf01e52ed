import type { JsonRpcRequest } from "hardhat/types/providers";

/**
 * A transaction gate: something that may refuse a transaction before a chain
 * includes it (an OP chain's supervisor refuses executing messages without a
 * valid initiating message). Protocols register a gate per connection; the
 * network hook asks it on every send. Kept in its own tiny module so that the
 * hook, which runs for every request of every connection, loads nothing else.
 */
export interface TransactionGate {
  /** Returns why the transaction must not be included, or undefined to let it through. */
  check(request: JsonRpcRequest): Promise<string | undefined>;
  /**
   * Called before and after any evm_* or hardhat_* request (`method`): the chain's clock, state or
   * history may change.
   */
  onStateTool?(method: string): void;
}

const gates = new WeakMap<object, TransactionGate>();

/** Puts `gate` in front of every transaction sent through `connection`. */
export function registerGate(connection: object, gate: TransactionGate): void {
  gates.set(connection, gate);
}

/** The gate of `connection`, if a protocol registered one. */
export function gateOf(connection: object): TransactionGate | undefined {
  return gates.get(connection);
}
