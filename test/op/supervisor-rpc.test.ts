import type { RpcMethod } from "../../src/protocols/types.js";
import type { World } from "../../src/world.js";

import { expect } from "chai";
import { Wallet, toBeHex, toQuantity } from "ethers";

import { hreWith } from "../helpers/hre.js";
import { mined } from "../helpers/mined.js";

/**
 * `supervisor_checkAccessList` as the OP protocol serves it (src/protocols/op/supervisor-rpc.ts): the
 * supervisor's checks answered in op-supervisor's codes, called here the way xdm:node's server calls it.
 */
describe("OP supervisor_checkAccessList", function () {
  this.timeout(120_000);

  // opA and opB in one dependency set; op3 (a network the plugin creates) trusts no other chain.
  let world: World;
  let keys: string[];
  /** The initiating message's block timestamp. */
  let sentAt: bigint;
  before(async () => {
    const hre = await hreWith({
      xdm: {
        chains: {
          opA: { protocol: "op" },
          opB: { protocol: "op" },
          op3: { protocol: "op", dependencySet: [] },
          scroll: { protocol: "scroll" },
        },
        op: { autorelay: false },
      },
    });
    world = await hre.xdm.create();
    await mined(
      world.chains.opA.contracts.L2ToL2CrossDomainMessenger.sendMessage(
        world.chains.opB.chainId,
        Wallet.createRandom().address,
        "0x",
      ),
    );
    await world.refresh();
    const [message] = world.messages({ from: "opA" });
    keys = world.op.accessList(message)[0].storageKeys;
    sentAt = world.op.identifier(message).timestamp;
  });
  after(async () => {
    await world.close();
  });

  function method(chain: string): RpcMethod {
    const methods = world.op.rpcMethods(world.chain(chain));
    return methods.supervisor_checkAccessList;
  }

  const at = (timestamp: bigint, more: Record<string, string> = {}) => ({
    timestamp: toQuantity(timestamp),
    ...more,
  });

  async function refusal(
    call: Promise<unknown>,
  ): Promise<{ code: number; message: string; data?: unknown }> {
    try {
      await call;
    } catch (error) {
      return error as { code: number; message: string; data?: unknown };
    }
    return expect.fail("expected a JSON-RPC error, got an answer");
  }

  describe("a valid access list", () => {
    it("answers null at every safety level, with and without a timeout, for the executing chain named or implied", async () => {
      for (const level of [
        "unsafe",
        "cross-unsafe",
        "local-safe",
        "safe",
        "finalized",
      ]) {
        expect(await method("opB")([keys, level, at(sentAt + 1n)])).to.equal(
          null,
        );
      }
      expect(
        await method("opB")([
          keys,
          "cross-unsafe",
          at(sentAt + 2n, { timeout: toQuantity(86_400) }),
        ]),
      ).to.equal(null);
      // Asked on another chain's port about an execution on opB: the one supervisor answers for any chain.
      expect(
        await method("opA")([
          keys,
          "unsafe",
          at(sentAt + 1n, {
            chainID: toQuantity(world.chains.opB.chainId),
          }),
        ]),
      ).to.equal(null);
      expect(await method("opB")([[], "unsafe", at(0n)])).to.equal(null);
    });
  });

  describe("refusals, in op-supervisor's codes", () => {
    it("a forged checksum: conflicting data, the fields are not equal", async () => {
      const forged = [...keys];
      forged[forged.length - 1] = toBeHex(
        BigInt(forged[forged.length - 1]) ^ 1n,
        32,
      );
      const error = await refusal(
        method("opB")([forged, "unsafe", at(sentAt + 1n)]),
      );
      expect(error.code).to.equal(-320600);
      expect(error.message).to.equal(
        "conflicting data: executing and initiating message fields are not equal",
      );
      expect(error.data).to.deep.equal({ kind: "invalid" });
    });

    it("a message from outside the executing chain's dependency set, or from a chain the world lacks", async () => {
      const outside = await refusal(
        method("op3")([keys, "unsafe", at(sentAt + 1n)]),
      );
      expect(outside.code).to.equal(-320600);
      expect(outside.message).to.include(
        `may not execute message from chain ${world.chains.opA.chainId}: not in dependency set`,
      );
      // The lookup key names chain 4242 instead of opA.
      const lookup = BigInt(keys[0]);
      const chainIdBits = ((1n << 64n) - 1n) << 160n;
      const elsewhere = [
        toBeHex((lookup & ~chainIdBits) | (4242n << 160n), 32),
        ...keys.slice(1),
      ];
      const unknown = await refusal(
        method("opB")([elsewhere, "unsafe", at(sentAt + 1n)]),
      );
      expect(unknown.code).to.equal(-320600);
      expect(unknown.message).to.include("no chain found for chain id 4242");
    });

    it("an executing chain that is not an OP chain of the world: unknown chain", async () => {
      for (const chainId of [world.chains.scroll.chainId, 4242]) {
        const error = await refusal(
          method("opB")([
            keys,
            "unsafe",
            at(sentAt + 1n, { chainID: toQuantity(chainId) }),
          ]),
        );
        expect(error.code).to.equal(-320501);
        expect(error.message).to.include(
          `unknown chain: executingDescriptor.chainID ${chainId} is not an OP chain`,
        );
      }
    });

    it("an expired message, at the timestamp or by the end of the timeout", async () => {
      const window = BigInt(world.config.op.expiryWindow);
      const expired = await refusal(
        method("opB")([keys, "unsafe", at(sentAt + window)]),
      );
      expect(expired.code).to.equal(-320600);
      expect(expired.message).to.equal(
        "conflicting data: initiating message expired",
      );
      expect(expired.data).to.deep.equal({ kind: "expired" });
      const late = await refusal(
        method("opB")([
          keys,
          "unsafe",
          at(sentAt + 1n, { timeout: toQuantity(window) }),
        ]),
      );
      expect(late.message).to.equal(
        "conflicting data: initiating message expired",
      );
      // One second less, and it still holds at the end of the timeout.
      expect(
        await method("opB")([
          keys,
          "unsafe",
          at(sentAt + 1n, { timeout: toQuantity(window - 2n) }),
        ]),
      ).to.equal(null);
    });

    it("a message executed before it was sent, or in the same second", async () => {
      const future = await refusal(
        method("opB")([keys, "unsafe", at(sentAt - 1n)]),
      );
      expect(future.code).to.equal(-320600);
      expect(future.message).to.equal(
        "conflicting data: initiating message is in the future",
      );
      expect(future.data).to.deep.equal({ kind: "future" });
      const same = await refusal(method("opB")([keys, "unsafe", at(sentAt)]));
      expect(same.code).to.equal(-320600);
      expect(same.message).to.equal(
        `conflicting data: access-list check does not allow intra-timestamp (${sentAt})`,
      );
    });

    it("a paused supervisor: unavailable, as a server error", async () => {
      world.faults.pause("op:supervisor");
      try {
        const error = await refusal(
          method("opB")([keys, "unsafe", at(sentAt + 1n)]),
        );
        expect(error.code).to.equal(-32000);
        expect(error.message).to.include("supervisor unavailable");
      } finally {
        world.faults.resume("op:supervisor");
      }
    });
  });

  describe("params it cannot read: -32602 naming the argument", () => {
    const valid = () => [keys, "unsafe", at(sentAt + 1n)];
    const cases: Array<[string, () => unknown, string]> = [
      [
        "params by name",
        () => ({ inboxEntries: keys }),
        "invalid params: expected an array [inboxEntries, minSafety, executingDescriptor]",
      ],
      [
        "a missing descriptor",
        () => valid().slice(0, 2),
        "missing value for required argument 2",
      ],
      [
        "a fourth argument",
        () => [...valid(), 1],
        "too many arguments, want at most 3",
      ],
      [
        "entries that are not a list",
        () => ["0x01", "unsafe", at(sentAt + 1n)],
        "invalid argument 0: inboxEntries must be an array of 32-byte hex strings",
      ],
      [
        "an entry that is not 32 bytes",
        () => [[keys[0], "0x1234"], "unsafe", at(sentAt + 1n)],
        'invalid argument 0: inboxEntries[1] is "0x1234", not a 32-byte hex string',
      ],
      [
        "entries that are no message (a checksum without its lookup key)",
        () => [keys.slice(-1), "unsafe", at(sentAt + 1n)],
        "invalid argument 0: failed to read data: expected lookup, got entry type 3",
      ],
      [
        "a lookup key without its checksum",
        () => [keys.slice(0, 1), "unsafe", at(sentAt + 1n)],
        "invalid argument 0: failed to read data: expected entry",
      ],
      [
        "an unknown safety level",
        () => [keys, "latest", at(sentAt + 1n)],
        'invalid argument 1: unrecognized safety level "latest": minSafety is one of "unsafe", "cross-unsafe", "local-safe", "safe", "finalized"',
      ],
      [
        'the safety level "invalid"',
        () => [keys, "invalid", at(sentAt + 1n)],
        'invalid argument 1: unexpected min-safety level "invalid"',
      ],
      [
        "a descriptor that is not an object",
        () => [keys, "unsafe", "0x10"],
        "invalid argument 2: executingDescriptor must be an object { timestamp, timeout?, chainID? }",
      ],
      [
        "a descriptor without a timestamp",
        () => [keys, "unsafe", { timeout: "0x1" }],
        "invalid argument 2: executingDescriptor.timestamp is missing",
      ],
      [
        "a decimal timestamp",
        () => [keys, "unsafe", { timestamp: 1700000000 }],
        "invalid argument 2: executingDescriptor.timestamp is 1700000000, not a hex quantity of up to 64 bits",
      ],
      [
        "a timeout beyond 64 bits",
        () => [
          keys,
          "unsafe",
          at(sentAt + 1n, { timeout: toQuantity(1n << 64n) }),
        ],
        "invalid argument 2: executingDescriptor.timeout",
      ],
      [
        "a chain id that is not hex",
        () => [keys, "unsafe", at(sentAt + 1n, { chainID: "opB" })],
        'invalid argument 2: executingDescriptor.chainID is "opB", not a hex quantity of up to 256 bits',
      ],
    ];
    for (const [what, params, message] of cases) {
      it(`refuses ${what}`, async () => {
        const error = await refusal(method("opB")(params()));
        expect(error.code).to.equal(-32602);
        expect(error.message).to.include(message);
      });
    }
  });

  it("is served on OP chains only", () => {
    expect(world.protocol("scroll").rpcMethods).to.equal(undefined);
    expect(Object.keys(world.op.rpcMethods(world.chains.opA))).to.deep.equal([
      "supervisor_checkAccessList",
    ]);
  });
});
