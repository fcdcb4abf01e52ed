import type { Hardhat } from "./processes.js";
import type { NodeTopology } from "../../src/node/topology.js";

import net from "node:net";

import { expect } from "chai";
import { Contract, JsonRpcProvider, Wallet, getAddress } from "ethers";

import {
  freeBasePort,
  interrupt,
  rpc,
  run,
  startNode,
  waitForOutput,
} from "./processes.js";

type Line = Record<string, unknown> & { event: string };

/** Every stdout line parsed: under --json each must be JSON. */
function linesOf(stdout: string): Line[] {
  return stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      try {
        return JSON.parse(line) as Line;
      } catch {
        throw new Error(
          `a stdout line of xdm:node --json is not JSON: ${line}`,
        );
      }
    });
}

describe("xdm:node --json", function () {
  this.timeout(300_000);

  it("prints the topology as one JSON line whose every address has code on its chain, then one line per message change, then stopped", async () => {
    const port = await freeBasePort();
    let node: Hardhat | undefined;
    try {
      node = await startNode(["--port", String(port), "--json"]);
      const [ready, ...rest] = linesOf(node.stdout());
      expect(rest).to.deep.equal([]);
      expect(ready.event).to.equal("ready");
      const topology = ready as unknown as NodeTopology;
      expect(topology.format).to.equal(1);
      expect(topology.autorelay).to.equal(true);
      expect(topology.l1BlockTime).to.deep.equal({
        seconds: 12,
        configured: 12,
      });
      expect(Object.keys(topology.chains)).to.have.members([
        "l1",
        "opA",
        "opB",
        "scroll",
        "starknet",
      ]);
      const l1 = topology.chains[topology.l1];
      let contracts = 0;
      for (const chain of Object.values(topology.chains)) {
        expect(chain.wsUrl).to.equal(chain.rpcUrl.replace("http://", "ws://"));
        expect(Number(await rpc<string>(chain.rpcUrl, "eth_chainId"))).to.equal(
          chain.chainId,
        );
        for (const [on, addresses] of [
          [chain, chain.contracts],
          [l1, chain.l1Contracts],
        ] as const) {
          for (const [name, address] of Object.entries(addresses)) {
            expect(address, name).to.equal(getAddress(address));
            const code = await rpc<string>(on.rpcUrl, "eth_getCode", [
              address,
              "latest",
            ]);
            expect(code, `${name} on ${on.name}`).to.not.equal("0x");
            contracts++;
          }
        }
      }
      expect(contracts).to.be.greaterThan(10);
      expect(topology.accounts).to.have.length(10);
      for (const account of topology.accounts) {
        expect(account.privateKey).to.be.a("string");
        expect(new Wallet(account.privateKey!).address).to.equal(
          account.address,
        );
        expect(BigInt(account.balance) > 0n).to.equal(true);
        for (const chain of Object.values(topology.chains)) {
          const balance = await rpc<string>(chain.rpcUrl, "eth_getBalance", [
            account.address,
            "latest",
          ]);
          expect(
            BigInt(balance) > 0n,
            `${account.address} on ${chain.name}`,
          ).to.equal(true);
        }
      }

      // A script in any language needs no more than the topology to send a message.
      const opA = topology.chains.opA;
      const provider = new JsonRpcProvider(opA.rpcUrl, opA.chainId, {
        staticNetwork: true,
      });
      try {
        const messenger = new Contract(
          opA.contracts.L2ToL2CrossDomainMessenger,
          [
            "function sendMessage(uint256 destination, address target, bytes message) returns (bytes32)",
          ],
          new Wallet(topology.accounts[1].privateKey!, provider),
        );
        await (
          await messenger.getFunction("sendMessage")(
            topology.chains.opB.chainId,
            Wallet.createRandom().address,
            "0x",
          )
        ).wait();
      } finally {
        provider.destroy();
      }
      await waitForOutput(
        node,
        () =>
          linesOf(node!.stdout()).some(
            (line) => line.event === "message" && line.status === "relayed",
          ),
        60_000,
      );
      const changes = linesOf(node.stdout()).filter(
        (line) => line.event === "message",
      );
      expect(changes[0]).to.include({
        id: "op:901:0",
        protocol: "op",
        from: "opA",
        to: "opB",
      });
      expect(changes.at(-1)).to.include({
        status: "relayed",
        error: null,
        // A plain message carries no asset.
        carries: null,
      });
      expect(changes.at(-1)!.destinationTx).to.match(/^0x[0-9a-f]{64}$/);

      expect(await interrupt(node.child)).to.equal(0);
      expect(linesOf(node.stdout()).at(-1)).to.deep.equal({
        event: "stopped",
      });
    } finally {
      if (node !== undefined && node.child.exitCode === null)
        node.child.kill("SIGKILL");
    }
  });

  it("prints nothing on stdout when it cannot start, and says why on stderr", async () => {
    const port = await freeBasePort();
    const squatter = net.createServer();
    await new Promise<void>((resolve) =>
      squatter.listen(port, "127.0.0.1", resolve),
    );
    try {
      const result = await run(["xdm:node", "--port", String(port), "--json"]);
      expect(result.code).to.not.equal(0);
      expect(result.stdout.trim()).to.equal("");
      expect(result.output)
        .to.include(`127.0.0.1:${port}`)
        .and.to.include("--port");
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});
