import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { ensureSystemArtifacts } from "../src/artifacts.js";
import { XdmNode, parseL1BlockTime } from "../src/node/node.js";

interface NodeArguments {
  port: number;
  noAutorelay: boolean;
  l1BlockTime: string | undefined;
  json: boolean;
  state: string | undefined;
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
    ...(args.state !== undefined ? { state: args.state } : {}),
  });
  if (args.json)
    console.log(JSON.stringify({ event: "ready", ...(await node.topology()) }));
  else console.log(await node.describe());
  if (args.state !== undefined) say(stateLine(args.state, node));
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

/** What `--state` did at start, and when it saves. */
function stateLine(file: string, node: XdmNode): string {
  const when = "saved on Ctrl-C and on the L1's xdm_saveState request";
  if (node.restored === undefined) return `\nState: ${file} (new; ${when})`;
  const { messages, differences } = node.restored;
  const lines = [
    `\nState: resumed from ${file}: ${messages} message(s), their statuses read again from the chains (${when})`,
    ...differences.map((d) => `  status differs from the saved one: ${d}`),
  ];
  return lines.join("\n");
}
