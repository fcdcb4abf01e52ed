import type { World } from "../src/world.js";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { formatChange } from "../src/node/node.js";

interface RelayArguments {
  port: number;
  watch: boolean;
  interval: number;
}

/** `npx hardhat xdm:relay`: attaches to running chains and relays, once or until Ctrl-C. */
export default async function xdmRelay(args: RelayArguments, hre: HardhatRuntimeEnvironment): Promise<void> {
  let stopped = false;
  const stop = () => {
    stopped = true;
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  let world: World | undefined;
  try {
    while (!stopped) {
      try {
        world ??= await hre.xdm.attach({ port: args.port });
        if (!args.watch) {
          const report = await world.relayAll({ maxPasses: 100 });
          for (const change of report.changes) console.log(formatChange(change, world.message(change.id)));
          console.log(`${report.changes.length} status change(s) in ${report.passes} pass(es); ${world.messages().length} message(s) known.`);
          return;
        }
        const report = await world.relay({ cut: true });
        for (const change of report.changes) console.log(formatChange(change, world.message(change.id)));
      } catch (error) {
        if (!args.watch) throw error;
        console.error(`xdm:relay: ${(error as Error).message} — retrying in ${args.interval} ms`);
        await world?.close().catch(() => undefined);
        world = undefined;
      }
      await sleep(args.interval);
    }
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    await world?.close();
  }
}
