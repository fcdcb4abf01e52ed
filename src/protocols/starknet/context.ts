import type { L1ToL2Facts, StarknetMessage } from "./details.js";
import type { StarknetInstance } from "./instance.js";
import type { Chain } from "../../chain.js";
import type { World } from "../../world.js";

import { HardhatPluginError } from "hardhat/plugins";

import { interfaceOf, readSystemArtifact } from "../../artifacts.js";
import { PLUGIN_ID } from "../../constants.js";

export const coreArtifact = () =>
  readSystemArtifact("starknet/StarknetCore.sol", "StarknetCore");
export const registryArtifact = () =>
  readSystemArtifact("prover/MockFactRegistry.sol", "MockFactRegistry");
export const l2Artifact = () =>
  readSystemArtifact("starknet/StarknetL2Messaging.sol", "StarknetL2Messaging");

export function fail(message: string, cause?: Error): never {
  throw new HardhatPluginError(PLUGIN_ID, message, cause);
}

/** The facts of an L1→L2 message (its fee, handler outcome, cancellation): an L2→L1 one here is a relayer bug, named. */
export function l1ToL2Facts(message: StarknetMessage): L1ToL2Facts {
  if (message.details.direction !== "l1-l2")
    fail(
      `StarkNet message ${message.id} goes from L2 to L1, where an L1→L2 message was expected.`,
    );
  return message.details;
}

/**
 * What the installer, the log handling, the actors and the `world.starknet` helpers share: the world,
 * the system contracts' interfaces, one StarknetInstance per StarkNet chain, and the last actor failure.
 */
export class StarknetContext {
  /** The last actor transaction that failed and will be tried again (e.g. an update without a valid fact). */
  lastError: string | undefined;
  readonly core = interfaceOf(coreArtifact());
  readonly registry = interfaceOf(registryArtifact());
  readonly l2 = interfaceOf(l2Artifact());
  readonly instances = new Map<string, StarknetInstance>();

  constructor(readonly world: World) {}

  get actors() {
    return {
      deployer: this.world.actors.deployer.address,
      sequencer: this.world.actors["starknet:sequencer"].address,
      prover: this.world.actors["starknet:prover"].address,
    };
  }

  instance(chain: Chain | string): StarknetInstance {
    const name = typeof chain === "string" ? chain : chain.name;
    const instance = this.instances.get(name);
    if (instance === undefined) {
      fail(
        `"${name}" is not a StarkNet chain of this world. StarkNet chains: ${[...this.instances.keys()].join(", ") || "none"}.`,
      );
    }
    return instance;
  }
}
