/** A JSON-RPC 2.0 request as it arrives: nothing in it is trusted yet. */
export interface JsonRpcCall {
  jsonrpc?: string;
  id?: number | string | null;
  method?: unknown;
  params?: unknown;
}

export type JsonRpcId = number | string | null;

export type JsonRpcResponse =
  | { jsonrpc: "2.0"; id: JsonRpcId; result: unknown }
  | {
      jsonrpc: "2.0";
      id: JsonRpcId;
      error: { code: number; message: string; data?: unknown };
    };

/** JSON-RPC 2.0's own error codes. */
export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;

export function rpcError(
  id: JsonRpcId,
  code: number,
  message: string,
  data?: unknown,
): JsonRpcResponse {
  return {
    jsonrpc: "2.0",
    id,
    error: { code, message, ...(data !== undefined ? { data } : {}) },
  };
}

/** The id to answer with: the call's own when it has a valid one. */
export function idOf(call: unknown): JsonRpcId {
  if (typeof call !== "object" || call === null) return null;
  const id = (call as JsonRpcCall).id;
  return typeof id === "number" || typeof id === "string" ? id : null;
}

/** JSON text of a response; bigints (which JSON cannot hold) as hex quantities. */
export function serialize(payload: unknown): string {
  return JSON.stringify(payload, (_key, value: unknown) =>
    typeof value === "bigint" ? `0x${value.toString(16)}` : value,
  );
}
