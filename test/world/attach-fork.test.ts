// One feature, worlds over running or forked chains, for every model (about 420 lines): the cases
// share the served-chains helper.
import type { World } from "../../src/world.js";
import type { JsonRpcServer } from "hardhat/types/network";

import { expect } from "chai";
import { Interface, keccak256, toUtf8Bytes } from "ethers";

import { impersonateActors } from "../../src/system-contracts.js";
import { setBalance } from "../helpers/accounts.js";
import { hreWith } from "../helpers/hre.js";
import { mined } from "../helpers/mined.js";
import { expectRejection } from "../helpers/rejection.js";

const recorderIface = new Interface([
  "function record(bytes32) payable returns (bytes32)",
]);
const OP_ONLY = {
  chains: {
    opA: { protocol: "op" as const },
    opB: { protocol: "op" as const },
  },
};

/** Serves a fresh in-process chain of `network` on a random loopback port. */
async function serve(
  network: string,
  chainType: "l1" | "op",
): Promise<{ server: JsonRpcServer; url: string }> {
  const hre = await hreWith({ xdm: OP_ONLY });
  const server = await hre.network.createServer(
    { network, chainType },
    "127.0.0.1",
    0,
  );
  const { port } = await server.listen();
  return { server, url: `http://127.0.0.1:${port}` };
}

describe("worlds over running chains", () => {
  describe("hre.xdm.attach()", () => {
    const servers: JsonRpcServer[] = [];
    const urls: Record<string, string> = {};
    let installer: World;

    before(async () => {
      for (const [name, type] of [
        ["l1", "l1"],
        ["opA", "op"],
        ["opB", "op"],
      ] as const) {
        const { server, url } = await serve(name, type);
        servers.push(server);
        urls[name] = url;
      }
      // A world created over http networks installs the system contracts on the served chains.
      const hre = await hreWith({
        networks: {
          l1: { type: "http", url: urls.l1, chainType: "l1", chainId: 900 },
          opA: { type: "http", url: urls.opA, chainType: "op", chainId: 901 },
          opB: { type: "http", url: urls.opB, chainType: "op", chainId: 902 },
        },
        xdm: OP_ONLY,
      });
      installer = await hre.xdm.create();
    });
    after(async () => {
      await installer.close();
      await Promise.all(servers.map((s) => s.close()));
    });

    it("builds a world over the running chains, reads history from genesis and relays", async () => {
      const { opA, opB } = installer.chains;
      const recorder = await opB.ethers.deployContract("ContextRecorder");
      const data = recorderIface.encodeFunctionData("record", [
        keccak256(toUtf8Bytes("attached")),
      ]);
      // Sent before anyone attached: the attached relayer finds it in the history.
      await mined(
        opA.contracts.L2ToL2CrossDomainMessenger.sendMessage(
          902,
          await recorder.getAddress(),
          data,
        ),
      );

      const hre = await hreWith({ xdm: OP_ONLY });
      const attached = await hre.xdm.attach({ urls });
      try {
        expect(attached.attached).to.equal(true);
        expect(attached.chains.opA.chainId).to.equal(901);
        expect(
          await attached.chains.opB.contracts.L2ToL2CrossDomainMessenger.version(),
        ).to.equal("1.3.0");
        // relayAll: independent chains may disagree by a second; a clock pass waits the destination out.
        await attached.relayAll();
        const [message] = attached.messages();
        expect(message).to.include({
          status: "relayed",
          from: "opA",
          to: "opB",
        });
        expect(await recorder.calls()).to.equal(1n);

        // The installing world's relayer sees the relay on chain and never relays it twice.
        await installer.relay();
        expect(installer.message(message.id).status).to.equal("relayed");
        expect(await recorder.calls()).to.equal(1n);

        // A second attached relayer rebuilds the same state from the chains alone.
        const again = await hre.xdm.attach({ urls });
        await again.relay();
        expect(again.messages().map((m) => [m.id, m.status])).to.deep.equal([
          [message.id, "relayed"],
        ]);
        await again.close();
      } finally {
        await attached.close();
      }
    });

    it("says what to do when a chain cannot be reached", async () => {
      const hre = await hreWith({ xdm: OP_ONLY });
      await expectRejection(
        hre.xdm.attach({ urls: { ...urls, opB: "http://127.0.0.1:1" } }),
        'Cannot reach chain "opB" at http://127.0.0.1:1',
        "npx hardhat xdm:node",
      );
      await expectRejection(
        hre.xdm.attach({ urls: { nope: "http://127.0.0.1:1" } }),
        'unknown chain "nope"',
      );
    });

    it("refuses chains that carry no system contracts", async () => {
      const bare = await serve("opA", "op");
      try {
        const hre = await hreWith({ xdm: OP_ONLY });
        await expectRejection(
          hre.xdm.attach({ urls: { ...urls, opA: bare.url } }),
          'Chain "opA" has no hardhat-xdm CrossL2Inbox',
        );
      } finally {
        await bare.server.close();
      }
    });
  });

  describe("the actors of an attached chain", () => {
    let world: World;
    before(async () => {
      const hre = await hreWith({ xdm: OP_ONLY });
      world = await hre.xdm.create();
    });
    after(async () => await world.close());

    it("a node that refuses hardhat_impersonateAccount stops the attach unless it holds the actor's key", async () => {
      const chain = world.chains.opA;
      const refusal = Object.assign(
        new Error("Method hardhat_impersonateAccount is not supported"),
        { code: -32601 },
      );
      const rpc = chain.rpc.bind(chain);
      (chain as { rpc: unknown }).rpc = async (
        method: string,
        params: unknown[] = [],
      ) => {
        if (method === "hardhat_impersonateAccount") throw refusal;
        return await rpc(method, params);
      };
      try {
        const actor = world.actors["op:autorelayer"].address;
        const error = await expectRejection(
          impersonateActors(chain, [actor]),
          `Chain "opA" does not sign for the hardhat-xdm actor ${actor}`,
          "is not supported",
          "npx hardhat xdm:node",
        );
        expect(error.cause).to.equal(refusal);
        // An account whose key the node holds (eth_accounts lists it) sends without impersonation.
        const [signer] = await chain.ethers.getSigners();
        await impersonateActors(chain, [signer.address]);
      } finally {
        delete (chain as { rpc?: unknown }).rpc;
      }
    });
  });

  describe("forking", () => {
    it("forks two chains from a served chain, installs over the forked state and relays there", async () => {
      const source = await serve("opA", "op");
      try {
        // State on the source chain: a target contract and a funded account.
        const hre = await hreWith({
          networks: {
            source: { type: "http", url: source.url, chainType: "op" },
          },
          xdm: OP_ONLY,
        });
        const sourceConnection = await hre.network.create({
          network: "source",
          chainType: "op",
        });
        const recorder =
          await sourceConnection.ethers.deployContract("ContextRecorder");
        const recorderAddress = await recorder.getAddress();
        const funded = "0x00000000000000000000000000000000000f0f0f";
        await setBalance(sourceConnection, funded, 0x1234n);
        const forkBlock = Number(
          await sourceConnection.provider.request({
            method: "eth_blockNumber",
          }),
        );

        const world = await hre.xdm.create({
          networks: {
            opA: { forking: { url: source.url, blockNumber: forkBlock } },
            opB: { forking: { url: source.url, blockNumber: forkBlock } },
          },
        });
        try {
          const { opA, opB } = world.chains;
          expect([opA.chainId, opB.chainId]).to.deep.equal([901, 902]);
          expect(await opB.ethers.provider.getBalance(funded)).to.equal(
            0x1234n,
          );
          expect(
            await opB.rpc("eth_getCode", [recorderAddress, "latest"]),
          ).to.not.equal("0x");
          expect(await opA.blockNumber()).to.be.at.least(forkBlock);

          const data = recorderIface.encodeFunctionData("record", [
            keccak256(toUtf8Bytes("forked")),
          ]);
          await opA.contracts.L2ToL2CrossDomainMessenger.sendMessage(
            902,
            recorderAddress,
            data,
          );
          await world.relay();
          const [message] = world.messages();
          expect(message.status).to.equal("relayed");
          const onFork = await opB.ethers.getContractAt(
            "ContextRecorder",
            recorderAddress,
          );
          expect(await onFork.calls()).to.equal(1n);
          expect(await recorder.calls()).to.equal(0n); // the source chain is untouched
        } finally {
          await world.close();
          await sourceConnection.close();
        }
      } finally {
        await source.server.close();
      }
    });
  });
});

describe("attaching to StarkNet chains", () => {
  it("rebuilds the StarkNet message history from the chains and continues from the last state update", async () => {
    const served: JsonRpcServer[] = [];
    const urls: Record<string, string> = {};
    try {
      for (const [name, type] of [
        ["l1", "l1"],
        ["starknet", "generic"],
      ] as const) {
        const hre = await hreWith({
          xdm: { chains: { starknet: { protocol: "starknet" } } },
        });
        const server = await hre.network.createServer(
          { network: name, chainType: type },
          "127.0.0.1",
          0,
        );
        served.push(server);
        urls[name] = `http://127.0.0.1:${(await server.listen()).port}`;
      }
      const hre = await hreWith({
        networks: {
          l1: { type: "http", url: urls.l1, chainType: "l1", chainId: 900 },
          starknet: {
            type: "http",
            url: urls.starknet,
            chainType: "generic",
            chainId: 0x534e5f58444d,
          },
        },
        xdm: { chains: { starknet: { protocol: "starknet" } } },
      });
      const installer = await hre.xdm.create();
      const receiver = await installer.chains.starknet.ethers.deployContract(
        "StarknetRecordingHandler",
      );
      const selector = BigInt(
        receiver.interface.getFunction("record")!.selector,
      );
      const core = installer.chains.starknet.l1Contracts.StarknetCore;
      await mined(
        core.sendMessageToL2(await receiver.getAddress(), selector, [1n], {
          value: 1000n,
        }),
      );
      await installer.relayAll(); // delivered and carried by a state update
      await mined(
        core.sendMessageToL2(await receiver.getAddress(), selector, [2n], {
          value: 1000n,
        }),
      );
      await installer.close();

      const attached = await (
        await hreWith({
          xdm: { chains: { starknet: { protocol: "starknet" } } },
        })
      ).xdm.attach({ urls });
      try {
        await attached.relayAll();
        expect(
          attached.messages().map((m) => [m.nonce, m.stage]),
        ).to.deep.equal([
          [0n, "consumed"],
          [1n, "consumed"],
        ]);
      } finally {
        await attached.close();
      }
    } finally {
      await Promise.all(served.map((s) => s.close()));
    }
  });
});

describe("attaching to Scroll chains", () => {
  it("rebuilds batches, the withdraw trie, queue positions and statuses from the chains and carries on", async () => {
    const served: JsonRpcServer[] = [];
    const urls: Record<string, string> = {};
    const topology = { chains: { scroll: { protocol: "scroll" as const } } };
    try {
      for (const [name, type] of [
        ["l1", "l1"],
        ["scroll", "generic"],
      ] as const) {
        const hre = await hreWith({ xdm: topology });
        const server = await hre.network.createServer(
          { network: name, chainType: type },
          "127.0.0.1",
          0,
        );
        served.push(server);
        urls[name] = `http://127.0.0.1:${(await server.listen()).port}`;
      }
      const hre = await hreWith({
        networks: {
          l1: { type: "http", url: urls.l1, chainType: "l1", chainId: 900 },
          scroll: {
            type: "http",
            url: urls.scroll,
            chainType: "generic",
            chainId: 534352,
          },
        },
        xdm: topology,
      });
      const installer = await hre.xdm.create();
      const { l1, scroll } = installer.chains;
      const [alice] = await l1.ethers.getSigners();
      const recipient = await scroll.ethers.deployContract("MessageRecipient");
      const data = recipient.interface.encodeFunctionData("record", ["0x01"]);
      const l1Messenger = scroll.l1Contracts.L1ScrollMessenger;
      const l2Messenger = scroll.contracts.L2ScrollMessenger;
      await mined(
        l1Messenger["sendMessage(address,uint256,bytes,uint256)"](
          await recipient.getAddress(),
          0,
          data,
          300_000,
        ),
      );
      await mined(
        l1Messenger["sendMessage(address,uint256,bytes,uint256)"](
          await recipient.getAddress(),
          0,
          data,
          30_000,
        ),
      ); // runs out of gas
      await mined(
        l2Messenger["sendMessage(address,uint256,bytes,uint256)"](
          alice.address,
          0,
          "0x",
          100_000,
        ),
      );
      await mined(
        l2Messenger["sendMessage(address,uint256,bytes,uint256)"](
          alice.address,
          0,
          "0x02",
          100_000,
        ),
      );
      await installer.relayAll();
      const [claimed] = installer.messages({ from: "scroll" });
      await installer.scroll.claim(claimed);
      await mined(
        l2Messenger["sendMessage(address,uint256,bytes,uint256)"](
          alice.address,
          0,
          "0x03",
          100_000,
        ),
      );
      await installer.relay(); // recorded, not batched: relay() cuts no batch
      const expected = installer
        .messages()
        .map((m) => [m.id, m.status, m.stage]);
      const batches = installer.scroll.batches();
      const recipientAddress = await recipient.getAddress();
      await installer.close();

      const attached = await (
        await hreWith({ xdm: topology })
      ).xdm.attach({ urls });
      try {
        await attached.relay();
        expect(
          attached.messages().map((m) => [m.id, m.status, m.stage]),
        ).to.deep.equal(expected);
        expect(attached.scroll.batches()).to.deep.equal(batches);
        // The rebuilt relayer carries on: a new L1 message, the pending withdrawal batched and claimable.
        await mined(
          attached.chains.scroll.l1Contracts.L1ScrollMessenger[
            "sendMessage(address,uint256,bytes,uint256)"
          ](recipientAddress, 0, data, 300_000),
        );
        await attached.relayAll();
        const onAttached = await attached.chains.scroll.ethers.getContractAt(
          "MessageRecipient",
          recipientAddress,
        );
        expect(await onAttached.received()).to.equal(2n);
        const ready = attached.messages({ from: "scroll", status: "ready" });
        expect(ready).to.have.length(2);
        for (const message of ready)
          expect((await attached.scroll.claim(message)).status).to.equal(
            "relayed",
          );
      } finally {
        await attached.close();
      }
    } finally {
      await Promise.all(served.map((s) => s.close()));
    }
  });
});
