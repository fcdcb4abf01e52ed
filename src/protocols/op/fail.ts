import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "../../constants.js";

/** Throws the plugin's error with `message`, keeping `cause` when it is an Error. */
export function fail(message: string, cause?: unknown): never {
  throw new HardhatPluginError(
    PLUGIN_ID,
    message,
    cause instanceof Error ? cause : undefined,
  );
}
