// Counts and times every JSON-RPC request a world's chains receive, by wrapping each chain's
// provider.request. Requests made while another one is in flight on the same async path (the OP
// supervisor's checks inside an eth_sendTransaction) are counted as its children, so "self" time
// is what the node spent on the request itself and "top-level" time is what the caller waited for.
import type { World } from "../src/world.js";

import { AsyncLocalStorage } from "node:async_hooks";

import { now } from "./lib.js";

interface Frame {
  childMs: number;
}

export interface MethodStats {
  chain: string;
  method: string;
  count: number;
  /** Requests made from inside another request (the OP supervisor's). */
  nested: number;
  /** Wall time of the requests, children included. */
  totalMs: number;
  /** Wall time minus the time of the requests made inside them. */
  selfMs: number;
}

export type Request = (args: {
  method: string;
  params?: unknown[] | object;
}) => Promise<unknown>;

export class RpcProfile {
  readonly #stats = new Map<string, MethodStats>();
  readonly #frames = new AsyncLocalStorage<Frame>();
  readonly #undo: Array<() => void> = [];
  /** Wall time of top-level requests: what the relayer waited on the nodes. */
  topLevelMs = 0;

  attach(world: World): void {
    for (const chain of world.chainList)
      this.attachProvider(
        chain.name,
        chain.provider as unknown as { request: Request },
      );
  }

  /** Counts the requests of one provider under `name` until detach(). */
  attachProvider(name: string, provider: { request: Request }): void {
    const own = Object.getOwnPropertyDescriptor(provider, "request");
    const original: Request = provider.request.bind(provider);
    const wrapped: Request = async (args) => {
      const parent = this.#frames.getStore();
      const frame: Frame = { childMs: 0 };
      const start = now();
      try {
        return await this.#frames.run(frame, () => original(args));
      } finally {
        const ms = now() - start;
        if (parent !== undefined) parent.childMs += ms;
        else this.topLevelMs += ms;
        this.#record(
          name,
          args.method,
          ms,
          Math.max(0, ms - frame.childMs),
          parent !== undefined,
        );
      }
    };
    Object.defineProperty(provider, "request", {
      value: wrapped,
      configurable: true,
      writable: true,
    });
    this.#undo.push(() => {
      if (own !== undefined) Object.defineProperty(provider, "request", own);
      else delete (provider as { request?: Request }).request;
    });
  }

  detach(): void {
    for (const undo of this.#undo.splice(0)) undo();
  }

  #record(
    chain: string,
    method: string,
    totalMs: number,
    selfMs: number,
    nested: boolean,
  ): void {
    const key = `${chain} ${method}`;
    let s = this.#stats.get(key);
    if (s === undefined) {
      s = { chain, method, count: 0, nested: 0, totalMs: 0, selfMs: 0 };
      this.#stats.set(key, s);
    }
    s.count += 1;
    if (nested) s.nested += 1;
    s.totalMs += totalMs;
    s.selfMs += selfMs;
  }

  get calls(): number {
    let n = 0;
    for (const s of this.#stats.values()) n += s.count;
    return n;
  }

  /** Every (chain, method) pair, the most expensive (self time) first. */
  stats(): MethodStats[] {
    return [...this.#stats.values()].sort((a, b) => b.selfMs - a.selfMs);
  }
}
