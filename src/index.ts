import { task } from "hardhat/config";
import { definePlugin } from "hardhat/plugins";
import { ArgumentType } from "hardhat/types/arguments";

import "./type-extensions.js";

import { DEFAULT_BASE_PORT, PLUGIN_ID } from "./constants.js";

export type * from "./type-extensions.js";
export type {
  XdmUserConfig,
  XdmConfig,
  XdmChainUserConfig,
} from "./types/config.js";
export type { XdmRuntime } from "./types/runtime.js";
export type {
  World,
  WorldSnapshot,
  RelayReport,
  CreateWorldOptions,
  AttachOptions,
} from "./world.js";
export type { WorldClock } from "./world-clock.js";
export type { Chain, ChainViem } from "./chain.js";
export type { Sender } from "./senders.js";
export type {
  Message,
  MessageOf,
  MessageTypesByProtocol,
  TypedProtocol,
  UntypedMessage,
  MessageStatus,
  MessageFilter,
  MessageChange,
} from "./messages.js";
export type * from "./system-contracts.js";

const hardhatXdm = definePlugin({
  id: PLUGIN_ID,
  npmPackage: PLUGIN_ID,
  hookHandlers: {
    config: () => import("./hooks/config.js"),
    hre: () => import("./hooks/hre.js"),
    network: () => import("./hooks/network.js"),
    test: () => import("./hooks/test.js"),
  },
  tasks: [
    task(
      "xdm:node",
      "Run every chain of the xdm topology on 127.0.0.1 with the relayer",
    )
      .addOption({
        name: "port",
        description: "Port of the L1; the L2s use the following ports",
        type: ArgumentType.INT,
        defaultValue: DEFAULT_BASE_PORT,
      })
      .addFlag({
        name: "noAutorelay",
        description: "Leave relaying to `npx hardhat xdm:relay`",
      })
      .addOption({
        name: "l1BlockTime",
        description:
          "Seconds between L1 blocks for this run (default: xdm.l1BlockTime, a realistic 12); e.g. 1 for a demo. No L2 block is longer",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addFlag({
        name: "json",
        description:
          "Print the topology as one JSON line, then one JSON line per message change",
      })
      .addOption({
        name: "state",
        description:
          "A file to resume from when it exists, saved on Ctrl-C and on the L1's xdm_saveState request",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .setAction(() => import("../tasks/node.js"))
      .build(),
    task(
      "xdm:relay",
      "Attach to running chains and relay every message that can move",
    )
      .addOption({
        name: "port",
        description: "The base port xdm:node was started with",
        type: ArgumentType.INT,
        defaultValue: DEFAULT_BASE_PORT,
      })
      .addFlag({
        name: "watch",
        description: "Keep relaying until Ctrl-C (retrying unreachable chains)",
      })
      .addOption({
        name: "interval",
        description: "Milliseconds between passes with --watch",
        type: ArgumentType.INT,
        defaultValue: 1000,
      })
      .setAction(() => import("../tasks/relay.js"))
      .build(),
    task(
      "xdm:status",
      "A table of every cross-chain message of the running chains",
    )
      .addOption({
        name: "port",
        description: "The base port xdm:node was started with",
        type: ArgumentType.INT,
        defaultValue: DEFAULT_BASE_PORT,
      })
      .addFlag({ name: "json", description: "Print JSON instead of a table" })
      .setAction(() => import("../tasks/status.js"))
      .build(),
  ],
});

export default hardhatXdm;
