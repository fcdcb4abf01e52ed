import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { ensureSystemArtifacts } from "../src/artifacts.js";
import { XdmNode, parseL1BlockTime } from "../src/node/node.js";

interface NodeArguments {
  port: number;
  noAutorelay: boolean;
  l1BlockTime: string | undefined;
  json: boolean;
}

/** `npx hardhat xdm:node`: serves every chain until Ctrl-C. */
export default async function xdmNode(
  args: NodeArguments,
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  // Under --json stdout carries JSON lines only; what else the task says goes to stderr.
  const say = args.json
    ? (line: string) => console.error(line)
    : (line: string) => console.log(line);
  const l1BlockTime =
    args.l1BlockTime !== undefined
      ? parseL1BlockTime(args.l1BlockTime)
      : undefined;
  await ensureSystemArtifacts(hre);
  const node = await XdmNode.start(hre, {
    port: args.port,
    autorelay: !args.noAutorelay,
    ...(l1BlockTime !== undefined ? { l1BlockTime } : {}),
    json: args.json,
  });
  if (args.json)
    console.log(JSON.stringify({ event: "ready", ...(await node.topology()) }));
  else console.log(await node.describe());
  say("\nMessages (one line per status change); Ctrl-C to stop\n");
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      say("\nStopping hardhat-xdm node…");
      node.stop().then(resolve, (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
        resolve();
      });
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  if (args.json) console.log(JSON.stringify({ event: "stopped" }));
  else console.log("Stopped.");
}
