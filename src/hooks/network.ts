import type { NetworkHooks } from "hardhat/types/hooks";

import { gateOf } from "../gates.js";

/** JSON-RPC error code of a gate's refusal: what op-supervisor's checks answer with in supersim. */
const INVALID_PARAMS = -32602;

export default async (): Promise<Partial<NetworkHooks>> => ({
  async onRequest(context, connection, request, next) {
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
  },
});
