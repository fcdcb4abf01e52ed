import type { XdmConfig, XdmUserConfig } from "./types/config.js";
import type { XdmRuntime } from "./types/runtime.js";

import "hardhat/types/config";
declare module "hardhat/types/config" {
  interface HardhatUserConfig {
    xdm?: XdmUserConfig;
  }

  interface HardhatConfig {
    xdm: XdmConfig;
  }
}

import "hardhat/types/hre";
declare module "hardhat/types/hre" {
  interface HardhatRuntimeEnvironment {
    xdm: XdmRuntime;
  }
}
