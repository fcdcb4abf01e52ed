import type { SolidityTestWorld } from "../solidity-test/served-world.js";
import type { TestHooks } from "hardhat/types/hooks";

/**
 * Solidity tests fork the chains of a world: one is served on loopback while Hardhat's Solidity test
 * runner runs, and stopped when it is done. Other runners (mocha, node) make their own worlds.
 */
export default async (): Promise<Partial<TestHooks>> => {
  let served: SolidityTestWorld | undefined;
  return {
    async onTestRunStart(context, id, next) {
      if (id === "solidity" && served === undefined) {
        const { SolidityTestWorld } =
          await import("../solidity-test/served-world.js");
        served = await SolidityTestWorld.start(context);
      }
      await next(context, id);
    },
    async onTestRunDone(context, id, next) {
      try {
        await next(context, id);
      } finally {
        if (id === "solidity" && served !== undefined) {
          const stopping = served;
          served = undefined;
          await stopping.stop();
        }
      }
    },
  };
};
