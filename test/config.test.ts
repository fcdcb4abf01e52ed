import { expect } from "chai";

import { validateXdmUserConfig } from "../src/config-validation.js";
import {
  extendUserConfigWithTopology,
  freeChainId,
  nodePorts,
} from "../src/config.js";

import { hreWith } from "./helpers/hre.js";
import { expectRejection } from "./helpers/rejection.js";

describe("xdm config", () => {
  describe("default topology", () => {
    it("injects l1, opA, opB, scroll and starknet with their chain ids when the user defines none", async () => {
      const hre = await hreWith();
      const { networks, xdm } = hre.config;
      expect(networks.l1).to.include({
        type: "edr-simulated",
        chainType: "l1",
        chainId: 900,
      });
      expect(networks.opA).to.include({
        type: "edr-simulated",
        chainType: "op",
        chainId: 901,
      });
      expect(networks.opB).to.include({
        type: "edr-simulated",
        chainType: "op",
        chainId: 902,
      });
      expect(networks.scroll).to.include({
        type: "edr-simulated",
        chainType: "generic",
        chainId: 534352,
        // Scroll's module asks for a hardfork without EIP-7623's calldata floor.
        hardfork: "cancun",
      });
      expect(networks.starknet).to.include({
        type: "edr-simulated",
        chainType: "generic",
        chainId: 0x534e5f58444d,
      });
      expect(Object.keys(xdm.chains)).to.deep.equal([
        "l1",
        "opA",
        "opB",
        "scroll",
        "starknet",
      ]);
      expect(xdm.l1).to.equal("l1");
      expect(xdm.chains.opA.dependencySet).to.deep.equal(["opB"]);
      expect(xdm.chains.opB.dependencySet).to.deep.equal(["opA"]);
      expect(xdm.op).to.deep.equal({
        expiryWindow: 604800,
        relayRetries: 5,
        autorelay: true,
        l1Confirmations: 4,
        proofMaturityDelaySeconds: 604800,
        disputeGameFinalityDelaySeconds: 302400,
        maxClockDuration: 302400,
      });
      expect(xdm.scroll.l1Confirmations).to.equal(10);
      expect(xdm.starknet.cancellationDelay).to.equal(432000);
    });

    it("injects http networks on supersim's ports for attaching to xdm:node", async () => {
      const hre = await hreWith();
      const url = (name: string) =>
        (
          hre.config.networks[name] as {
            url: { getUrl?: () => Promise<string>; value?: string };
          }
        ).url;
      expect(hre.config.networks["xdm:l1"].type).to.equal("http");
      const l1Url = url("xdm:l1");
      expect(await (l1Url.getUrl?.() ?? l1Url.value)).to.equal(
        "http://127.0.0.1:8545",
      );
      const opAUrl = url("xdm:opA");
      expect(await (opAUrl.getUrl?.() ?? opAUrl.value)).to.equal(
        "http://127.0.0.1:9545",
      );
      expect(
        nodePorts(
          "l1",
          {
            opA: { protocol: "op" },
            opB: { protocol: "op" },
            scroll: { protocol: "scroll" },
            starknet: { protocol: "starknet" },
          },
          8545,
        ),
      ).to.deep.equal({
        l1: 8545,
        opA: 9545,
        opB: 9546,
        scroll: 8546,
        starknet: 8547,
      });
    });

    it("keeps a network the user defined under a default name", async () => {
      const hre = await hreWith({
        networks: {
          opA: { type: "edr-simulated", chainType: "op", chainId: 4242 },
        },
      });
      expect(hre.config.networks.opA.chainId).to.equal(4242);
      expect(hre.config.networks.opB.chainId).to.equal(902);
    });
  });

  describe("a user topology", () => {
    it("resolves names, networks, dependency sets and knobs", async () => {
      const hre = await hreWith({
        networks: {
          main: { type: "edr-simulated", chainType: "l1", chainId: 1 },
          x: { type: "edr-simulated", chainType: "op", chainId: 10 },
          y: { type: "edr-simulated", chainType: "op", chainId: 11 },
          z: { type: "edr-simulated", chainType: "op", chainId: 12 },
        },
        xdm: {
          l1: "main",
          chains: {
            alpha: { protocol: "op", network: "x", dependencySet: ["beta"] },
            beta: { protocol: "op", network: "y" },
            z: { protocol: "op" },
          },
          op: { expiryWindow: 3600, relayRetries: 1, autorelay: false },
        },
      });
      const { xdm } = hre.config;
      expect(Object.keys(xdm.chains)).to.deep.equal([
        "main",
        "alpha",
        "beta",
        "z",
      ]);
      expect(xdm.chains.alpha).to.include({
        network: "x",
        chainId: 10,
        protocol: "op",
      });
      expect(xdm.chains.alpha.dependencySet).to.deep.equal(["beta"]);
      expect(xdm.chains.beta.dependencySet).to.deep.equal(["alpha", "z"]);
      expect(xdm.chains.z.network).to.equal("z");
      expect(xdm.op).to.deep.equal({
        expiryWindow: 3600,
        relayRetries: 1,
        autorelay: false,
        l1Confirmations: 4,
        proofMaturityDelaySeconds: 604800,
        disputeGameFinalityDelaySeconds: 302400,
        maxClockDuration: 302400,
      });
    });
  });

  describe("chains added without a network", () => {
    it("run on an in-process network the plugin creates: the chain type of their model, the next OP chain id, the next port", async () => {
      const hre = await hreWith({
        xdm: {
          chains: {
            opA: { protocol: "op" },
            opB: { protocol: "op" },
            op3: { protocol: "op" },
            op4: { protocol: "op" },
          },
        },
      });
      const { networks, xdm } = hre.config;
      expect(networks.op3).to.include({
        type: "edr-simulated",
        chainType: "op",
        chainId: 903,
        // what every in-process chain of the world gets (one clock, the OP hardfork)
        allowBlocksWithSameTimestamp: true,
      });
      expect(networks.op4).to.include({ chainType: "op", chainId: 904 });
      expect(xdm.chains.op3).to.include({
        network: "op3",
        chainId: 903,
        networkInjected: true,
      });
      expect(xdm.chains.opA.dependencySet).to.deep.equal(["opB", "op3", "op4"]);
      const url = networks["xdm:op3"] as {
        chainId?: number;
        url: { getUrl?: () => Promise<string>; value?: string };
      };
      expect(await (url.url.getUrl?.() ?? url.url.value)).to.equal(
        "http://127.0.0.1:9547",
      );
      expect(url.chainId).to.equal(903);
    });

    it("take a chain id no other network of the config has, and leave the user's networks unmarked", async () => {
      const hre = await hreWith({
        networks: {
          // a user network with the id the next OP chain would take, and one running EDR's default id
          mine: { type: "edr-simulated", chainType: "op", chainId: 901 },
          other: { type: "http", url: "http://127.0.0.1:1", chainId: 902 },
        },
        xdm: {
          chains: {
            mine: { protocol: "op" },
            op3: { protocol: "op" },
            scroll: { protocol: "scroll" },
            scroll2: { protocol: "scroll" },
          },
        },
      });
      const { networks, xdm } = hre.config;
      expect(networks.op3.chainId).to.equal(903);
      expect(xdm.chains.mine.networkInjected).to.equal(false);
      expect(xdm.chains.op3.networkInjected).to.equal(true);
      // scroll is the default topology's network (534352), scroll2 is the next Scroll id
      expect(xdm.chains.scroll).to.include({
        chainId: 534352,
        networkInjected: true,
      });
      expect(networks.scroll2).to.include({
        chainType: "generic",
        chainId: 534353,
        hardfork: "cancun",
      });
      expect(xdm.chains.l1.networkInjected).to.equal(true);
    });

    it("counts from 1000001 for a model the default topology does not hold, skipping taken ids", () => {
      expect(freeChainId("op", new Set([901, 902]))).to.equal(903);
      expect(freeChainId("test-model", new Set())).to.equal(1_000_001);
      expect(freeChainId("test-model", new Set([1_000_001]))).to.equal(
        1_000_002,
      );
    });

    it("still refuses a network named explicitly that does not exist", async () => {
      await expectRejection(
        hreWith({
          xdm: { chains: { op3: { protocol: "op", network: "op3" } } },
        }),
        "Config error in config.xdm.chains.op3.network",
        'network "op3", which does not exist',
      );
    });
  });

  describe("validation errors name the offending path", () => {
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      [
        "an unknown protocol",
        { xdm: { chains: { opA: { protocol: "arbitrum" } } } },
        "config.xdm.chains.opA.protocol",
        "Expected one of the protocols",
      ],
      [
        "an L2 whose network does not exist",
        { xdm: { chains: { mine: { protocol: "op", network: "nowhere" } } } },
        "config.xdm.chains.mine.network",
        'network "nowhere", which does not exist',
      ],
      [
        "an L1 network that does not exist",
        { xdm: { l1: "mainnet" } },
        "config.xdm.l1",
        'The L1 network "mainnet" does not exist',
      ],
      [
        "two chains sharing a chain id",
        {
          networks: {
            a: { type: "edr-simulated", chainType: "op", chainId: 77 },
            b: { type: "edr-simulated", chainType: "op", chainId: 77 },
          },
          xdm: { chains: { a: { protocol: "op" }, b: { protocol: "op" } } },
        },
        "config.xdm.chains.b",
        'chain id 77, already used by chain "a"',
      ],
      [
        "a dependency set naming an unknown chain",
        {
          xdm: {
            chains: {
              opA: { protocol: "op", dependencySet: ["opC"] },
              opB: { protocol: "op" },
            },
          },
        },
        "config.xdm.chains.opA.dependencySet.0",
        '"opC" is not a chain of the topology',
      ],
      [
        "a dependency set naming a non-OP chain",
        {
          xdm: {
            chains: {
              opA: { protocol: "op", dependencySet: ["scroll"] },
              scroll: { protocol: "scroll" },
            },
          },
        },
        "config.xdm.chains.opA.dependencySet.0",
        '"scroll" is not an OP chain',
      ],
      [
        "a dependency set on a chain of a model without them",
        {
          xdm: {
            chains: {
              opA: { protocol: "op" },
              scroll: { protocol: "scroll", dependencySet: ["opA"] },
            },
          },
        },
        "config.xdm.chains.scroll.dependencySet",
        'Only OP chains have a dependency set; "scroll" is a scroll chain.',
      ],
      [
        "a negative proof delay",
        { xdm: { scroll: { proofDelay: -1 } } },
        "config.xdm.scroll.proofDelay",
        "greater than or equal to 0",
      ],
      [
        "a negative confirmation count",
        { xdm: { starknet: { l1Confirmations: -3 } } },
        "config.xdm.starknet.l1Confirmations",
        "greater than or equal to 0",
      ],
      [
        "a fractional cancellation delay",
        { xdm: { starknet: { cancellationDelay: 1.5 } } },
        "config.xdm.starknet.cancellationDelay",
        "integer",
      ],
      [
        "a zero expiry window",
        { xdm: { op: { expiryWindow: 0 } } },
        "config.xdm.op.expiryWindow",
        "greater than 0",
      ],
      ["an unknown key", { xdm: { opp: {} } }, "config.xdm", "opp"],
      [
        "an unknown actor",
        { xdm: { actors: { "op:watcher": "0x" + "11".repeat(32) } } },
        "config.xdm.actors.op:watcher",
        'Unknown actor "op:watcher"',
      ],
      [
        "a malformed actor key",
        { xdm: { actors: { "op:autorelayer": "0x1234" } } },
        "config.xdm.actors.op:autorelayer",
        "32-byte private key",
      ],
      [
        "an OP chain on a network of another chain type",
        {
          networks: {
            x: { type: "edr-simulated", chainType: "generic", chainId: 5 },
          },
          xdm: { chains: { x: { protocol: "op" } } },
        },
        "config.xdm.chains.x.network",
        'use chainType "op"',
      ],
      [
        "an L2 named like the L1",
        { xdm: { chains: { l1: { protocol: "op" } } } },
        "config.xdm.chains.l1",
        "is the L1's name",
      ],
    ];
    for (const [what, config, path, message] of cases) {
      it(`rejects ${what}`, async () => {
        await expectRejection(
          hreWith(config),
          `Config error in ${path}`,
          message,
        );
      });
    }

    it("accepts the empty section and reports nothing for a valid config", async () => {
      expect(
        await validateXdmUserConfig(
          extendUserConfigWithTopology({ xdm: {} } as never),
        ),
      ).to.deep.equal([]);
    });
  });
});
