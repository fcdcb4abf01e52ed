// About 440 lines: every supervisor rule, one case each, against one shared pair of chains.
// The supervisor as op-geth's interop ingress filter: before a transaction is included, every
// CrossL2Inbox key of its access list is parsed and each message it declares is looked up on its
// source chain. What the transaction would do when simulated plays no part.
import type { Chain } from "../../src/chain.js";
import type { World } from "../../src/world.js";
import type { AccessList, Contract } from "ethers";

import { expect } from "chai";
import { Interface, Wallet, keccak256, toUtf8Bytes } from "ethers";

import {
  encodeAccessList,
  type Identifier,
} from "../../src/protocols/op/codec/access-list.js";
import {
  encodeSentMessagePayload,
  msgHash,
} from "../../src/protocols/op/codec/message.js";
import {
  CROSS_L2_INBOX_ADDRESS,
  L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
} from "../../src/protocols/op/codec/predeploys.js";
import { testUserKey } from "../helpers/actors.js";
import { hreWith } from "../helpers/hre.js";
import { mined } from "../helpers/mined.js";
import { expectRejection } from "../helpers/rejection.js";

import { expectSupervisorRefusal, initiatingMessageOf } from "./helpers.js";

const recorderIface = new Interface([
  "function record(bytes32) payable returns (bytes32)",
]);
const tag = (s: string) => keccak256(toUtf8Bytes(s));
const WEEK = 604800;

/**
 * A message sent on `source` to `recorder` on its destination: its identifier, payload and access list,
 * built around the plugin's relayer so that the supervisor looks the message up itself.
 */
async function sentMessage(
  source: Chain,
  destination: Chain,
  recorder: string,
  label: string,
) {
  const [, alice] = await source.ethers.getSigners();
  const messenger = source.contracts.L2ToL2CrossDomainMessenger.connect(alice);
  const receipt = await mined(
    messenger.sendMessage(
      destination.chainId,
      recorder,
      recorderIface.encodeFunctionData("record", [tag(label)]),
    ),
  );
  return { alice, ...(await initiatingMessageOf(source, receipt)), receipt };
}

describe("OP supervisor: the access list is checked against the source chains", () => {
  let world: World;
  let recorder: Contract;
  let recorderAddress: string;
  before(async () => {
    const hre = await hreWith({
      xdm: { chains: { opA: { protocol: "op" }, opB: { protocol: "op" } } },
    });
    world = await hre.xdm.create();
  });
  after(async () => await world.close());

  async function deploy(w: World) {
    const r = (await w.chains.opB.ethers.deployContract(
      "ContextRecorder",
    )) as unknown as Contract;
    const dodger = (await w.chains.opB.ethers.deployContract(
      "SimulationDodger",
    )) as unknown as Contract;
    return { recorder: r, dodger, recorderAddress: await r.getAddress() };
  }

  beforeEach(async () => {
    ({ recorder, recorderAddress } = await world.loadFixture(deploy));
  });

  /** A SentMessage no chain emitted: "Alice sent record(tag) to the recorder", at a position of opA that holds no log. */
  async function forgedMessage(label: string) {
    const { opA, opB } = world.chains;
    const real = await sentMessage(opA, opB, recorderAddress, "real");
    const payload = encodeSentMessagePayload({
      destination: BigInt(opB.chainId),
      target: recorderAddress,
      nonce: 999n,
      sender: real.alice.address,
      message: recorderIface.encodeFunctionData("record", [tag(label)]),
    });
    // The real send's block has one log, at index 0: index 5 names nothing.
    const id: Identifier = { ...real.id, logIndex: 5n };
    return {
      id,
      payload,
      accessList: encodeAccessList(id, msgHash(payload)),
      alice: real.alice,
    };
  }

  it("refuses a forged message declared in the access list even when a latest-block simulation executes nothing", async () => {
    const { opB } = world.chains;
    const { dodger } = await world.loadFixture(deploy);
    const forged = await forgedMessage("forged");
    const [, , mallory] = await opB.ethers.getSigners();
    // In the latest block the call returns at once; in the block it is mined in it relays the forged message.
    const latest = await opB.blockNumber();
    const attempt = (dodger.connect(mallory) as Contract).relayUnlessSimulated(
      latest,
      forged.id,
      forged.payload,
      { accessList: forged.accessList, gasLimit: 1_000_000 },
    );
    const outcome = await attempt.then(
      () => undefined,
      (error: unknown) => error,
    );
    // What a supervisor that lets it through leaves behind: the forged message executed, "sent by Alice".
    expect(await recorder.calls(), "the forged message executed").to.equal(0n);
    expect(await dodger.relays()).to.equal(0n);
    expect(await opB.blockNumber(), "nothing mined").to.equal(latest);
    await expectSupervisorRefusal(
      Promise.reject(outcome ?? new Error("the transaction went through")),
      "initiating message not found",
    );
  });

  it("refuses a transaction that declares a forged message next to a real one it relays", async () => {
    const { opA, opB } = world.chains;
    const real = await sentMessage(opA, opB, recorderAddress, "honest");
    const forged = await forgedMessage("extra");
    const accessList: AccessList = [
      {
        address: CROSS_L2_INBOX_ADDRESS,
        storageKeys: [
          ...real.accessList[0].storageKeys,
          ...forged.accessList[0].storageKeys,
        ],
      },
    ];
    const messenger = opB.contracts.L2ToL2CrossDomainMessenger;
    await expectSupervisorRefusal(
      messenger.relayMessage(real.id, real.payload, {
        accessList,
        gasLimit: 1_000_000,
      }),
      "initiating message not found",
    );
    expect(await recorder.calls()).to.equal(0n);
    // The same keys split over two entries of the access list are read as one list.
    const split: AccessList = [
      real.accessList[0],
      {
        address: CROSS_L2_INBOX_ADDRESS,
        storageKeys: forged.accessList[0].storageKeys,
      },
    ];
    await expectSupervisorRefusal(
      messenger.relayMessage(real.id, real.payload, {
        accessList: split,
        gasLimit: 1_000_000,
      }),
      "initiating message not found",
    );
    expect(await recorder.calls()).to.equal(0n);
  });

  it("lets a real message declared correctly through, sent or raw", async () => {
    const { opA, opB } = world.chains;
    const messenger = opB.contracts.L2ToL2CrossDomainMessenger;
    const first = await sentMessage(opA, opB, recorderAddress, "sent");
    const receipt = await mined(
      messenger.relayMessage(first.id, first.payload, {
        accessList: first.accessList,
      }),
    );
    expect(receipt.status).to.equal(1);
    expect(await recorder.lastTag()).to.equal(tag("sent"));

    const second = await sentMessage(opA, opB, recorderAddress, "raw");
    const wallet = new Wallet(testUserKey("supervisor raw sender"));
    await opB.setBalance(wallet.address, 10n ** 18n);
    const block = await opB.block("latest");
    const raw = await wallet.signTransaction({
      type: 2,
      chainId: opB.chainId,
      nonce: Number(
        await opB.rpc<string>("eth_getTransactionCount", [
          wallet.address,
          "latest",
        ]),
      ),
      to: L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
      data: messenger.interface.encodeFunctionData("relayMessage", [
        second.id,
        second.payload,
      ]),
      gasLimit: 1_000_000,
      maxFeePerGas: BigInt(block.baseFeePerGas!) * 2n + 1n,
      maxPriorityFeePerGas: 1n,
      accessList: second.accessList,
    });
    const hash = await opB.rpc<string>("eth_sendRawTransaction", [raw]);
    expect((await opB.receipt(hash)).status).to.equal("0x1");
    expect(await recorder.lastTag()).to.equal(tag("raw"));
    expect(await recorder.calls()).to.equal(2n);
  });

  it("refuses malformed CrossL2Inbox keys, sent or raw, whatever the transaction does", async () => {
    const { opA, opB } = world.chains;
    const real = await sentMessage(opA, opB, recorderAddress, "malformed");
    const [lookup, checksum] = real.accessList[0].storageKeys;
    const [user] = await opB.ethers.getSigners();
    const cases: Array<[string, string[], string]> = [
      [
        "a lookup key with another type byte",
        [`0x04${lookup.slice(4)}`, checksum],
        "expected lookup, got entry type 4",
      ],
      ["a lone lookup key", [lookup], "expected entry"],
      [
        "a checksum without its lookup key",
        [checksum],
        "expected lookup, got entry type 3",
      ],
      [
        "a lookup key followed by another lookup key",
        [lookup, lookup, checksum],
        "expected checksum, got entry type 1",
      ],
      [
        "non-zero reserved bytes in a lookup key",
        [`0x0100000100${lookup.slice(12)}`, checksum],
        "expected zero bytes",
      ],
      [
        "a real message followed by a lone checksum",
        [lookup, checksum, checksum],
        "expected lookup, got entry type 3",
      ],
    ];
    const messenger = opB.contracts.L2ToL2CrossDomainMessenger;
    const before = await opB.blockNumber();
    for (const [what, storageKeys, reason] of cases) {
      const accessList = [{ address: CROSS_L2_INBOX_ADDRESS, storageKeys }];
      // A plain transfer executes nothing, and is refused all the same: the keys cannot name a message.
      await expectSupervisorRefusal(
        user.sendTransaction({ to: user.address, value: 1n, accessList }),
        `failed to read data: ${reason}`,
      ).catch((e: unknown) => {
        throw new Error(
          `${what}: ${e instanceof Error ? e.message : String(e)}`,
          { cause: e },
        );
      });
      await expectSupervisorRefusal(
        messenger.relayMessage(real.id, real.payload, {
          accessList,
          gasLimit: 1_000_000,
        }),
        reason,
      );
    }
    const wallet = new Wallet(testUserKey("supervisor malformed raw sender"));
    await opB.setBalance(wallet.address, 10n ** 18n);
    const block = await opB.block("latest");
    const raw = await wallet.signTransaction({
      type: 2,
      chainId: opB.chainId,
      nonce: 0,
      to: wallet.address,
      gasLimit: 100_000,
      maxFeePerGas: BigInt(block.baseFeePerGas!) * 2n + 1n,
      maxPriorityFeePerGas: 1n,
      accessList: [
        { address: CROSS_L2_INBOX_ADDRESS, storageKeys: [checksum] },
      ],
    });
    await expectSupervisorRefusal(
      opB.rpc("eth_sendRawTransaction", [raw]),
      "failed to read data: expected lookup, got entry type 3",
    );
    expect(await opB.blockNumber(), "nothing mined").to.equal(before);
    expect(await recorder.calls()).to.equal(0n);
  });

  it("a message executed without its access list reverts on chain with NotInAccessList", async () => {
    const { opA, opB } = world.chains;
    const { dodger } = await world.loadFixture(deploy);
    const real = await sentMessage(opA, opB, recorderAddress, "undeclared");
    const forged = await forgedMessage("undeclared forged");
    for (const message of [real, forged]) {
      await expectRejection(
        dodger.relayUnlessSimulated.staticCall(0, message.id, message.payload),
        "NotInAccessList",
      );
      // Sent with a fixed gas limit (no estimate refuses it first): mined, and reverted on chain by the inbox.
      const before = await opB.blockNumber();
      await expectRejection(
        dodger.relayUnlessSimulated(0, message.id, message.payload, {
          gasLimit: 1_000_000,
        }),
        "NotInAccessList",
      );
      const block = await opB.rpc<{ number: string; transactions: string[] }>(
        "eth_getBlockByNumber",
        ["latest", false],
      );
      expect(Number(block.number)).to.equal(before + 1);
      const receipt = await opB.rpc<{
        status: string;
        logs: unknown[];
        to: string;
      }>("eth_getTransactionReceipt", [block.transactions[0]]);
      expect(receipt.to).to.equal((await dodger.getAddress()).toLowerCase());
      expect(receipt.status).to.equal("0x0");
      expect(receipt.logs).to.deep.equal([]);
    }
    expect(await recorder.calls()).to.equal(0n);
    expect(await dodger.relays(), "both relays rolled back").to.equal(0n);
  });

  it("executes a message until 7 days − 1 s after its block and refuses it at 7 days", async () => {
    const { opA, opB } = world.chains;
    const real = await sentMessage(opA, opB, recorderAddress, "expiry");
    const sentAt = Number(real.id.timestamp);
    const messenger = opB.contracts.L2ToL2CrossDomainMessenger;
    const edge = await world.snapshot();

    await world.time.increaseTo(sentAt + WEEK - 2);
    await world.time.setNextBlockTimestamp(sentAt + WEEK - 1, "opB");
    const receipt = await mined(
      messenger.relayMessage(real.id, real.payload, {
        accessList: real.accessList,
      }),
    );
    expect((await opB.block(receipt.blockNumber)).timestamp).to.equal(
      `0x${(sentAt + WEEK - 1).toString(16)}`,
    );
    expect(await recorder.lastTag()).to.equal(tag("expiry"));

    await world.restore(edge);
    await world.time.increaseTo(sentAt + WEEK - 1);
    await world.time.setNextBlockTimestamp(sentAt + WEEK, "opB");
    await expectSupervisorRefusal(
      messenger.relayMessage(real.id, real.payload, {
        accessList: real.accessList,
        gasLimit: 1_000_000,
      }),
      "initiating message expired",
    );
    expect(await recorder.calls()).to.equal(0n);
  });

  it("refuses an initiating message whose block was rewound away, from a user and from the autorelayer", async () => {
    const { opA, opB } = world.chains;
    const snapshot = await opA.rpc<string>("evm_snapshot");
    const gone = await sentMessage(opA, opB, recorderAddress, "rewound");
    await world.refresh(); // the autorelayer has read the SentMessage log
    await opA.rpc("evm_revert", [snapshot]);
    await opA.rpc("evm_mine"); // another block at the height of the send, without its log
    await expectSupervisorRefusal(
      opB.contracts.L2ToL2CrossDomainMessenger.relayMessage(
        gone.id,
        gone.payload,
        { accessList: gone.accessList, gasLimit: 1_000_000 },
      ),
      "initiating message not found",
    );
    // The autorelayer read the log before the rewind; its relay meets the same check. (How the world's
    // registry follows a rewound chain is not this test's subject: it may have dropped the message.)
    await world.relay();
    expect(
      await recorder.calls(),
      "no relay of a message no chain holds",
    ).to.equal(0n);
    const [known] = world.messages({ target: recorderAddress });
    if (known !== undefined) {
      expect(known.status).to.not.equal("relayed");
      expect(
        await opB.contracts.L2ToL2CrossDomainMessenger.successfulMessages(
          known.hash,
        ),
      ).to.equal(false);
    }
  });
});

describe("OP supervisor: the dependency set", () => {
  let world: World;
  before(async () => {
    const hre = await hreWith({
      networks: {
        opC: { type: "edr-simulated", chainType: "op", chainId: 903 },
      },
      xdm: {
        chains: {
          opA: { protocol: "op" },
          opB: { protocol: "op", dependencySet: ["opA"] },
          opC: { protocol: "op" },
        },
      },
    });
    world = await hre.xdm.create();
  });
  after(async () => await world.close());

  it("refuses a message from a chain outside the destination's dependency set, from a user and from the autorelayer", async () => {
    const { opA, opB, opC } = world.chains;
    const recorder = (await opB.ethers.deployContract(
      "ContextRecorder",
    )) as unknown as Contract;
    const recorderAddress = await recorder.getAddress();
    const outside = await sentMessage(opC, opB, recorderAddress, "from opC");
    const reason = `executing message in block (chain ${opB.chainId}) may not execute message from chain ${opC.chainId}: not in dependency set`;
    await expectSupervisorRefusal(
      opB.contracts.L2ToL2CrossDomainMessenger.relayMessage(
        outside.id,
        outside.payload,
        { accessList: outside.accessList, gasLimit: 1_000_000 },
      ),
      reason,
    );
    await world.relay();
    const [message] = world.messages({ from: "opC" });
    expect(message).to.include({ status: "failed", stage: "rejected" });
    expect(message.error).to.include(reason);
    expect(await recorder.calls()).to.equal(0n);

    // From opA, in the set, the same kind of message relays.
    await sentMessage(opA, opB, recorderAddress, "from opA");
    await world.relay();
    expect(world.messages({ from: "opA" }).map((m) => m.status)).to.deep.equal([
      "relayed",
    ]);
    expect(await recorder.lastTag()).to.equal(tag("from opA"));
  });
});
