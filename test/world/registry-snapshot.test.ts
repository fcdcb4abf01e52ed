/**
 * The registry's copy-on-write snapshots: a snapshot shares the registry's records until the
 * registry hands one out again, so nothing written after the snapshot (status, stage, details,
 * new messages) reaches it, and it can be restored any number of times.
 */
import type { Message } from "../../src/messages.js";

import { expect } from "chai";

import { MessageRegistry } from "../../src/messages.js";

function message(id: string): Message {
  return {
    id,
    protocol: "ping",
    from: "a",
    to: "b",
    sender: "0x0000000000000000000000000000000000000001",
    target: "0x0000000000000000000000000000000000000002",
    value: 0n,
    data: "0x",
    nonce: 0n,
    hash: `0x${"11".repeat(32)}`,
    status: "pending",
    stage: "sent",
    sourceTx: `0x${"22".repeat(32)}`,
    sourceBlock: 1,
    sentAt: 1,
    details: { attempts: [] as number[] },
  };
}

/** The test details' list: written in place, as protocols write their details. */
function attempts(message: Readonly<Message>): number[] {
  return (message.details as { attempts: number[] }).attempts;
}

describe("message registry snapshots", function () {
  it("keeps a snapshot as it was while the registry writes status, stage and details", function () {
    const registry = new MessageRegistry();
    registry.add(message("ping:0"));
    const snapshot = registry.snapshot();
    const live = registry.require("ping:0");
    registry.update(live, "relayed", "delivered", { destinationTx: "0xab" });
    attempts(live).push(7);
    registry.add(message("ping:1"));

    expect(snapshot.size).to.equal(1);
    const saved = snapshot.get("ping:0")!;
    expect([saved.status, saved.stage, saved.destinationTx]).to.deep.equal([
      "pending",
      "sent",
      undefined,
    ]);
    expect(attempts(saved)).to.deep.equal([]);
    expect(attempts(registry.require("ping:0"))).to.deep.equal([7]);
  });

  it("restores a snapshot again and again, whatever was written after each restore", function () {
    const registry = new MessageRegistry();
    registry.add(message("ping:0"));
    const snapshot = registry.snapshot();
    for (let round = 0; round < 3; round++) {
      registry.restore(snapshot);
      expect(registry.size).to.equal(1);
      const restored = registry.require("ping:0");
      expect(restored.status).to.equal("pending");
      expect(attempts(restored)).to.deep.equal([]);
      registry.update(restored, "failed", "reverted", { error: "boom" });
      attempts(restored).push(round);
      registry.add(message("ping:1"));
      expect(
        registry.list({ status: "failed" }).map((m) => m.id),
      ).to.deep.equal(["ping:0"]);
    }
    expect(snapshot.get("ping:0")!.status).to.equal("pending");
    expect(snapshot.has("ping:1")).to.equal(false);
  });

  it("writes the registry's own record when updated through one handed out before the snapshot", function () {
    const registry = new MessageRegistry();
    const changes: string[] = [];
    registry.onChange((change) =>
      changes.push(`${change.id}:${change.status}`),
    );
    const before = registry.add(message("ping:0"));
    const snapshot = registry.snapshot();
    expect(registry.update(before, "ready", "sent")).to.equal(true);

    expect(snapshot.get("ping:0")!.status).to.equal("pending");
    expect(registry.require("ping:0").status).to.equal("ready");
    expect(changes).to.deep.equal(["ping:0:pending", "ping:0:ready"]);
  });

  it("hands out records that later writes to the registry reach, list and get alike", function () {
    const registry = new MessageRegistry();
    registry.add(message("ping:0"));
    registry.snapshot();
    const [listed] = registry.list();
    expect(registry.get("ping:0")).to.equal(listed);
    registry.update(listed, "relayed", "delivered");
    expect(registry.require("ping:0").status).to.equal("relayed");
  });
  it("lets view and peek read shared records without copying them, and get then writes its own", function () {
    const registry = new MessageRegistry();
    registry.add(message("ping:0"));
    const snapshot = registry.snapshot();
    const shared = snapshot.get("ping:0");

    // Reading the whole history after a snapshot copies nothing: the records are the snapshot's.
    expect(registry.view()[0]).to.equal(shared);
    expect(registry.peek("ping:0")).to.equal(shared);
    expect(registry.peek("ping:0", "op")).to.equal(undefined);
    expect(registry.peek("ping:9")).to.equal(undefined);

    const live = registry.require("ping:0");
    expect(live).to.not.equal(shared);
    attempts(live).push(3);
    expect(attempts(shared!)).to.deep.equal([]);
    expect(registry.peek("ping:0")).to.equal(live);
    expect(registry.view({ status: "pending" })).to.deep.equal([live]);
  });
});
