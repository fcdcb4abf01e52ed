import type { HookContext, NetworkHooks } from "hardhat/types/hooks";
import type { ChainType, NetworkConnection } from "hardhat/types/network";
import type { JsonRpcRequest, JsonRpcResponse } from "hardhat/types/providers";

import { gateOf } from "../gates.js";
import { journalOf } from "../state-journal.js";

/** JSON-RPC error code of a gate's refusal: what op-supervisor's checks answer with in supersim. */
const INVALID_PARAMS = -32602;

export default async (): Promise<Partial<NetworkHooks>> => ({
  async onRequest(context, connection, request, next) {
    const journal = journalOf(connection);
    if (journal === undefined || !journal.wants(request.method))
      return await gated(context, connection, request, next);
    // xdm:node --state: the head before the request, and the request once the chain accepted it.
    const head = await next(context, connection, {
      jsonrpc: "2.0",
      id: request.id,
      method: "eth_blockNumber",
      params: [],
    });
    const response = await gated(context, connection, request, next);
    if (!("error" in response) && "result" in head) {
      const params = Array.isArray(request.params) ? request.params : [];
      journal.record(
        request.method,
        params,
        response.result,
        Number(head.result),
      );
    }
    return response;
  },
});

/** The request through the connection's transaction gate, if a protocol registered one. */
async function gated<ChainTypeT extends ChainType | string>(
  context: HookContext,
  connection: NetworkConnection<ChainTypeT>,
  request: JsonRpcRequest,
  next: (
    nextContext: HookContext,
    nextConnection: NetworkConnection<ChainTypeT>,
    nextRequest: JsonRpcRequest,
  ) => Promise<JsonRpcResponse>,
): Promise<JsonRpcResponse> {
  if (
    request.method === "eth_sendTransaction" ||
    request.method === "eth_sendRawTransaction"
  ) {
    const gate = gateOf(connection);
    if (gate !== undefined) {
      const rejection = await gate.check(request);
      if (rejection !== undefined) {
        return {
          jsonrpc: "2.0",
          id: request.id,
          error: { code: INVALID_PARAMS, message: rejection },
        };
      }
    }
  }
  if (
    request.method.startsWith("evm_") ||
    request.method.startsWith("hardhat_")
  ) {
    // Clock, mining, state and history tools: the gate (an OP supervisor) forgets what it knew of the
    // chain, before the request and again after it, so that nothing read while it ran survives it.
    const gate = gateOf(connection);
    gate?.onStateTool?.(request.method);
    try {
      return await next(context, connection, request);
    } finally {
      gate?.onStateTool?.(request.method);
    }
  }
  return await next(context, connection, request);
}
