import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { XdmNode } from "../src/node/node.js";

interface NodeArguments {
  port: number;
  noAutorelay: boolean;
}

/** `npx hardhat xdm:node`: serves every chain until Ctrl-C. */
export default async function xdmNode(
  args: NodeArguments,
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  const node = await XdmNode.start(hre, {
    port: args.port,
    autorelay: !args.noAutorelay,
  });
  console.log(await node.describe());
  console.log("\nMessages (one line per status change); Ctrl-C to stop\n");
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      console.log("\nStopping hardhat-xdm node…");
      node.stop().then(resolve, (error: unknown) => {
        console.error(error);
        resolve();
      });
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  console.log("Stopped.");
}
