import type { XdmRuntime } from "../types/runtime.js";
import type { HardhatRuntimeEnvironmentHooks } from "hardhat/types/hooks";

/**
 * `hre.xdm` is a facade: nothing of the engine loads until a world is made,
 * so every other Hardhat command pays nothing for the plugin.
 */
export default async (): Promise<Partial<HardhatRuntimeEnvironmentHooks>> => ({
  async created(_context, hre) {
    const xdm: XdmRuntime = {
      async create(options) {
        const { World } = await import("../world.js");
        return await World.create(hre, options);
      },
      async attach(options) {
        const { World } = await import("../world.js");
        return await World.attach(hre, options);
      },
    };
    hre.xdm = xdm;
  },
});
