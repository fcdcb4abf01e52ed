import type { Message } from "../../src/messages.js";
import type { Identifier } from "../../src/protocols/op/codec/access-list.js";
import type {
  ScrollDeposit,
  ScrollWithdrawal,
  WithdrawalClaim,
} from "../../src/protocols/scroll/details.js";
import type { World } from "../../src/world.js";

import { expect } from "chai";

import { MessageRegistry, isMessageOf } from "../../src/messages.js";

/**
 * Typed message details: `Message` is a union by protocol (and, for Scroll and StarkNet, by
 * direction), so what a user reads from `message.details` is checked by the compiler. The
 * functions below are never called: `npx tsc --noEmit` checks them, and each `@ts-expect-error`
 * fails the typecheck if the access it marks ever compiles. The mocha tests check the registry's
 * protocol-typed lookups at run time.
 */

/** README: a ready Scroll withdrawal carries its claim in `message.details.claim`. */
export function readmeClaim(world: World): WithdrawalClaim | undefined {
  const [message] = world.messages({ protocol: "scroll", status: "ready" });
  if (message.stage === "finalized") {
    const claim: WithdrawalClaim | undefined = message.details.claim;
    const leaf: number = message.details.leafIndex;
    void leaf;
    return claim;
  }
  if (message.stage === "confirmed") {
    // @ts-expect-error a deposit (stage "confirmed") has no claim
    return message.details.claim;
  }
  return undefined;
}

/** The direction discriminant narrows the details of a Scroll message of either stage. */
export function byDirection(message: Message<"scroll">): number {
  if (message.details.direction === "l1-l2")
    return message.details.queueIndices.length;
  // @ts-expect-error a withdrawal has no queue indices
  return message.details.queueIndices.length;
}

/** A narrowed message of the union: isMessageOf and world.message(id, protocol) give the protocol's type. */
export function narrowed(
  world: World,
  message: Message,
): Identifier | undefined {
  // @ts-expect-error an unnarrowed message's details may be any protocol's
  void message.details.identifier.chainId;
  const scroll: ScrollDeposit | ScrollWithdrawal = world.message(
    message.id,
    "scroll",
  );
  // @ts-expect-error "initiated" is an OP stage, never a Scroll one
  if (scroll.stage === "initiated") return undefined;
  return isMessageOf(message, "op") && message.details.direction === undefined
    ? message.details.identifier
    : undefined;
}

/** Stages are literal unions: a stage of another protocol or a typo is a compile error. */
export function stages(world: World): void {
  const [op] = world.messages({ protocol: "op" });
  // @ts-expect-error OP messages have no "finalized" stage
  void (op.stage === "finalized");
  const [starknet] = world.messages({ protocol: "starknet" });
  if (starknet.stage === "state-updated") {
    const to: string = starknet.details.toAddress; // L2→L1: an L1 address
    void to;
  }
}

const base = {
  from: "scroll",
  to: "l1",
  sender: "0x0000000000000000000000000000000000000001",
  target: "0x0000000000000000000000000000000000000002",
  value: 0n,
  data: "0x",
  nonce: 0n,
  hash: `0x${"11".repeat(32)}`,
  sourceTx: `0x${"22".repeat(32)}`,
  sourceBlock: 1,
  sentAt: 1,
};

describe("message details typed by protocol", function () {
  const withdrawal: ScrollWithdrawal = {
    ...base,
    id: "scroll:1:l2:0",
    protocol: "scroll",
    status: "ready",
    stage: "finalized",
    details: {
      direction: "l2-l1",
      l2Block: 1,
      leafIndex: 0,
      batchIndex: 1,
      claim: { batchIndex: 1, merkleProof: "0x" },
    },
  };
  const ping: Message = {
    ...base,
    id: "ping:0",
    protocol: "ping",
    status: "ready",
    stage: "sent",
    details: {},
  };

  it("lists only the messages of the protocol a typed filter names", function () {
    const registry = new MessageRegistry();
    registry.add(withdrawal);
    registry.add(ping);
    expect(
      registry.list({ protocol: "scroll" }).map((m) => m.id),
    ).to.deep.equal(["scroll:1:l2:0"]);
    expect(registry.list().map((m) => m.id)).to.deep.equal([
      "scroll:1:l2:0",
      "ping:0",
    ]);
  });

  it("gets a message by id and protocol only when it is that protocol's, and require names the mismatch", function () {
    const registry = new MessageRegistry();
    registry.add(withdrawal);
    expect(registry.get("scroll:1:l2:0", "scroll")?.details).to.deep.include({
      claim: { batchIndex: 1, merkleProof: "0x" },
    });
    expect(registry.get("scroll:1:l2:0", "op")).to.equal(undefined);
    expect(() => registry.require("scroll:1:l2:0", "op")).to.throw(
      'Message scroll:1:l2:0 belongs to protocol "scroll", not "op".',
    );
    expect(isMessageOf(registry.require("scroll:1:l2:0"), "scroll")).to.equal(
      true,
    );
    expect(isMessageOf(registry.require("scroll:1:l2:0"), "starknet")).to.equal(
      false,
    );
  });
});
