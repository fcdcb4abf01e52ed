import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";

import { WORLD_VARIABLE } from "../../src/solidity-test/served-world.js";
import { hreWith } from "../helpers/hre.js";

interface ServedWorld {
  names: string[];
  l1BlockTime: number;
  chains: Record<
    string,
    {
      chainId: number;
      protocol: string;
      url: string;
      contracts: Record<string, string>;
      l1Contracts: Record<string, string>;
      facts: Record<string, unknown>;
    }
  >;
  actors: Record<string, Record<string, { address: string; key: string }>>;
  config: Record<string, Record<string, unknown>>;
}

async function rpc(url: string, method: string): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: [] }),
  });
  return ((await response.json()) as { result: unknown }).result;
}

describe("the world served while Solidity tests run", function () {
  this.timeout(120_000);
  let cache: string;

  beforeEach(() => {
    cache = mkdtempSync(path.join(os.tmpdir(), "xdm-solidity-cache-"));
  });
  afterEach(() => {
    delete process.env[WORLD_VARIABLE];
    rmSync(cache, { recursive: true, force: true });
  });

  it("serves every chain on loopback for the Solidity runner only, described in XDM_SOLIDITY_WORLD, and stops after it", async () => {
    const hre = await hreWith({ paths: { cache } });
    // A fork cache of an earlier run (EDR names chain 534352 "scroll") and one of an unrelated chain.
    mkdirSync(path.join(cache, "edr", "scroll", "3"), { recursive: true });
    mkdirSync(path.join(cache, "edr", "1", "3"), { recursive: true });

    await hre.hooks.runHandlerChain(
      "test",
      "onTestRunStart",
      ["mocha"],
      async () => {},
    );
    expect(process.env[WORLD_VARIABLE]).to.equal(undefined);

    await hre.hooks.runHandlerChain(
      "test",
      "onTestRunStart",
      ["solidity"],
      async () => {},
    );
    const served = JSON.parse(process.env[WORLD_VARIABLE]!) as ServedWorld;
    expect(served.names).to.deep.equal([
      "l1",
      "opA",
      "opB",
      "scroll",
      "starknet",
    ]);
    for (const name of served.names) {
      const chain = served.chains[name];
      expect(chain.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(Number(await rpc(chain.url, "eth_chainId"))).to.equal(
        chain.chainId,
      );
    }
    expect(served.chains.scroll.protocol).to.equal("scroll");
    expect(served.chains.scroll.l1Contracts.ZKRollup).to.match(
      /^0x[0-9a-fA-F]{40}$/,
    );
    expect(served.chains.starknet.contracts.StarknetL2Messaging).to.match(
      /^0x[0-9a-fA-F]{40}$/,
    );
    expect(served.chains.scroll.facts.batchIndex).to.equal(0);
    expect(served.chains.scroll.facts.batchHeader).to.match(/^0x00/);
    expect(served.chains.opA.facts).to.deep.equal({});
    expect(served.actors.scroll.prover.address).to.match(/^0x[0-9a-fA-F]{40}$/);
    expect(served.config.op.expiryWindow).to.equal(604800);
    expect(served.config.starknet.l1Confirmations).to.equal(10);
    expect(served.l1BlockTime).to.equal(12);
    expect(existsSync(path.join(cache, "edr", "scroll", "3"))).to.equal(false);
    expect(existsSync(path.join(cache, "edr", "1", "3"))).to.equal(true);

    await hre.hooks.runHandlerChain(
      "test",
      "onTestRunDone",
      ["solidity"],
      async () => {},
    );
    expect(process.env[WORLD_VARIABLE]).to.equal(undefined);
    let refused = false;
    try {
      await rpc(served.chains.l1.url, "eth_chainId");
    } catch {
      refused = true;
    }
    expect(refused, "the L1 still answers after the run").to.equal(true);
  });
});
