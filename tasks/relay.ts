import type { World } from "../src/world.js";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { randomUUID } from "node:crypto";

import { HardhatPluginError } from "hardhat/plugins";

import { ensureSystemArtifacts } from "../src/artifacts.js";
import { formatChange } from "../src/node/changes.js";
import { LEASE_SECONDS } from "../src/node/lease.js";

interface RelayArguments {
  port: number;
  watch: boolean;
  interval: number;
}

/** `npx hardhat xdm:relay`: attaches to running chains and relays, once or until Ctrl-C. */
export default async function xdmRelay(
  args: RelayArguments,
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  await ensureSystemArtifacts(hre);
  let stopped = false;
  const stop = () => {
    stopped = true;
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const sleep = (ms: number) =>
    new Promise((resolve) => setTimeout(resolve, ms));

  const me = `xdm:relay ${process.pid} ${randomUUID().slice(0, 8)}`;
  let world: World | undefined;
  let waiting = false;
  const started = Date.now();
  try {
    while (!stopped) {
      try {
        world ??= await hre.xdm.attach({ port: args.port });
        // One relayer acts at a time (Scroll's sequencer and batcher, StarkNet's state updater are
        // single roles); xdm:node hands out the role. Chains not served by xdm:node have no lease.
        const lease = await world.l1
          .rpc<{ granted: boolean; holder?: string }>("xdm_lease", [
            me,
            Math.max(LEASE_SECONDS, Math.ceil((args.interval * 3) / 1000)),
          ])
          .catch((): { granted: boolean; holder?: string } => ({
            granted: true,
          }));
        if (!lease.granted) {
          const why =
            lease.holder === "xdm:node"
              ? "xdm:node relays itself (start it with --no-autorelay to relay with xdm:relay)"
              : `another relayer (${lease.holder}) is active`;
          // A relayer that was killed holds the role until its lease runs out: wait that long once.
          if (!args.watch && Date.now() - started > (LEASE_SECONDS + 1) * 1000)
            throw new HardhatPluginError(
              "hardhat-xdm",
              `Not relaying: ${why}.`,
            );
          if (!waiting) console.log(`xdm:relay: waiting: ${why}`);
          waiting = true;
          await sleep(Math.min(args.interval, 500));
          continue;
        }
        waiting = false;
        if (!args.watch) {
          const report = await world.relayAll({ maxPasses: 100 });
          for (const change of report.changes)
            console.log(formatChange(change, world.message(change.id)));
          console.log(
            `${report.changes.length} status change(s) in ${report.passes} pass(es); ${world.messages().length} message(s) known.`,
          );
          return;
        }
        const report = await world.relay({ cut: true });
        for (const change of report.changes)
          console.log(formatChange(change, world.message(change.id)));
      } catch (error) {
        if (!args.watch) throw error;
        console.error(
          `xdm:relay: ${(error as Error).message} — retrying in ${args.interval} ms`,
        );
        await world?.close().catch(() => undefined);
        world = undefined;
      }
      await sleep(args.interval);
    }
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    await world?.l1.rpc("xdm_release", [me]).catch(() => undefined);
    await world?.close();
  }
}
