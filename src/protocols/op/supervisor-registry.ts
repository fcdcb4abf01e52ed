import type { JsonRpcRequest } from "hardhat/types/providers";

/**
 * What the network hook needs from a chain's supervisor. Kept in its own tiny
 * module so that the hook, which runs for every request of every connection,
 * loads nothing else.
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

export function registerGate(connection: object, gate: TransactionGate): void {
  gates.set(connection, gate);
}

export function gateOf(connection: object): TransactionGate | undefined {
  return gates.get(connection);
}
