/** Transport failures the tests inject under an actor: a lost request or a lost answer, as the providers report them. */
import type { Chain } from "../../src/chain.js";

/** What Hardhat's HTTP provider throws when the socket closes under a request (undici's error under code -1). */
export function socketClosed(): Error {
  const socket = Object.assign(new Error("other side closed"), {
    code: "UND_ERR_SOCKET",
  });
  return Object.assign(new Error("other side closed", { cause: socket }), {
    code: -1,
  });
}

/** A transport failure as Node reports it under the HTTP provider: the connection dropped, no answer. */
export function connectionReset(): Error {
  return Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
}

/** The fields of an eth_sendTransaction a fault looks at. */
export interface SentTx {
  from: string;
  to: string;
  data?: string;
}

/**
 * Makes the next eth_sendTransaction on `chain` that `matches` fail with `error`, once: `lost: "request"`
 * before the node sees it (nothing mined), `lost: "answer"` after the node mined it (the answer is lost).
 * `seen` counts the matching transactions that reached the node and the ones that failed; `undo` puts the
 * chain's own rpc back.
 */
export function loseNextSend(
  chain: Chain,
  matches: (tx: SentTx) => boolean,
  options: { lost?: "request" | "answer"; error?: Error } = {},
): {
  seen: { reached: number; dropped: number };
  failed: () => boolean;
  undo: () => void;
} {
  const { lost = "request", error = socketClosed() } = options;
  const original = chain.rpc.bind(chain);
  const seen = { reached: 0, dropped: 0 };
  let armed = true;
  const patched = async (method: string, params: unknown[] = []) => {
    const isMatch =
      method === "eth_sendTransaction" && matches((params as SentTx[])[0]);
    if (isMatch && armed && lost === "request") {
      armed = false;
      seen.dropped += 1;
      throw error;
    }
    const result = await original(method, params);
    if (isMatch) seen.reached += 1;
    if (isMatch && armed && lost === "answer") {
      armed = false;
      seen.dropped += 1;
      throw error;
    }
    return result;
  };
  (chain as { rpc: unknown }).rpc = patched;
  return {
    seen,
    failed: () => !armed,
    undo: () => delete (chain as { rpc?: unknown }).rpc,
  };
}
