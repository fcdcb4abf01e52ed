import { definePlugin } from "hardhat/plugins";

import "./type-extensions.js";

import { PLUGIN_ID } from "./constants.js";

export type * from "./type-extensions.js";
export type { XdmUserConfig, XdmConfig, XdmChainUserConfig } from "./types/config.js";
export type { XdmRuntime } from "./types/runtime.js";
export type { World, WorldClock, WorldSnapshot, RelayReport, CreateWorldOptions, AttachOptions } from "./world.js";
export type { Chain } from "./chain.js";
export type { Message, MessageStatus, MessageFilter, MessageChange } from "./messages.js";

const hardhatXdm = definePlugin({
  id: PLUGIN_ID,
  npmPackage: PLUGIN_ID,
  dependencies: () => [import("@nomicfoundation/hardhat-ethers")],
  hookHandlers: {
    config: () => import("./hooks/config.js"),
    hre: () => import("./hooks/hre.js"),
    network: () => import("./hooks/network.js"),
  },
});

export default hardhatXdm;
