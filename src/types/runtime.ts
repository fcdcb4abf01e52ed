import type { AttachOptions, CreateWorldOptions, World } from "../world.js";

/** `hre.xdm`: the entry point to multichain worlds. */
export interface XdmRuntime {
  /** A new independent world: fresh chains of the configured topology, system contracts installed. */
  create(options?: CreateWorldOptions): Promise<World>;
  /** A world over chains that are already running (`xdm:node`, http networks). */
  attach(options?: AttachOptions): Promise<World>;
}
