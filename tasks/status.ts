import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { ensureSystemArtifacts } from "../src/artifacts.js";
import { formatDuration, nextAction } from "../src/status.js";

interface StatusArguments {
  port: number;
  json: boolean;
}

/** `npx hardhat xdm:status`: every message of the running chains, read from the chains alone. */
export default async function xdmStatus(
  args: StatusArguments,
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  await ensureSystemArtifacts(hre);
  const world = await hre.xdm.attach({ port: args.port });
  try {
    await world.refresh();
    const now = await world.time.latest();
    const l1Head = await world.l1.blockNumber();
    const rows = [];
    for (const message of world.messages()) {
      rows.push({
        id: message.id,
        protocol: message.protocol,
        route: `${message.from}→${message.to}`,
        status: message.status,
        stage: message.stage,
        age: now - message.sentAt,
        next: await nextAction(world, message, now, l1Head),
        sender: message.sender,
        target: message.target,
        hash: message.hash,
        sourceTx: message.sourceTx,
        destinationTx: message.destinationTx ?? null,
        error: message.error ?? null,
      });
    }
    if (args.json) {
      console.log(JSON.stringify(rows, null, 2));
      return;
    }
    if (rows.length === 0) {
      console.log("No cross-chain messages yet.");
      return;
    }
    const header = ["id", "protocol", "route", "status/stage", "age", "next"];
    const cells = rows.map((r) => [
      r.id,
      r.protocol,
      r.route,
      `${r.status}/${r.stage}`,
      formatDuration(r.age),
      r.next,
    ]);
    const widths = header.map((h, i) =>
      Math.max(h.length, ...cells.map((c) => c[i].length)),
    );
    for (const line of [header, ...cells])
      console.log(
        line
          .map((c, i) => (i === line.length - 1 ? c : c.padEnd(widths[i])))
          .join("  "),
      );
  } finally {
    await world.close();
  }
}
