import type { Protocol, ProtocolModule, ProtocolName } from "./types.js";

import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "../constants.js";

import { op } from "./op/index.js";
import { scroll } from "./scroll/index.js";
import { starknet } from "./starknet/index.js";

/**
 * The protocol registry: the only place that lists the messaging models
 * (topology.ts beside it names them in the default topology). The
 * engine (world, status table, faults, actor keys, config) asks it and names
 * no model itself. A model's module is light (names, texts, a lazy `create`),
 * so reading the registry loads no protocol code. Typed by name, not inferred:
 * the emitted declarations then import each module's index.d.ts, whose
 * augmentations (World, the xdm config, the system contracts) so reach a
 * user's program.
 */
const BUILT_IN: readonly [typeof op, typeof scroll, typeof starknet] = [
  op,
  scroll,
  starknet,
];

export type BuiltInModule = (typeof BUILT_IN)[number];
/** The keyed actors of the built-in models, e.g. "scroll:sequencer". */
export type BuiltInActorName = BuiltInModule["keyedActors"][number];
/** The pausable actors of the built-in models, e.g. "starknet:state-updater". */
export type BuiltInFaultActor = BuiltInModule["faultActors"][number];
/** The built-in models whose prover honours world.faults.failProofs. */
export type ProofFailingProtocol = Extract<
  BuiltInModule,
  { failableProofs: true }
>["name"];

const modules = new Map<string, ProtocolModule>(
  BUILT_IN.map((builtIn): [string, ProtocolModule] => [builtIn.name, builtIn]),
);

/**
 * Names no model may take: the L1's protocol on chains, and the keys of `xdm` beside the models'
 * sections `xdm.<name>` (src/config.ts).
 */
const RESERVED_NAMES = new Set(["l1", "l1BlockTime", "chains", "actors"]);

/**
 * Adds a messaging model (a module as `src/protocols/<name>/index.ts` exports one): config accepts
 * `protocol: "<name>"` and the module's section `xdm.<name>` from then on, and worlds created afterwards
 * run it on its chains. A name that is already registered, or reserved, is an error. Returns the function that takes it out of the registry again
 * (for a test that registers a model of its own; worlds already created keep running it).
 */
export function registerProtocol<P extends Protocol>(
  module: ProtocolModule<P>,
): () => void {
  if (modules.has(module.name)) {
    throw new HardhatPluginError(
      PLUGIN_ID,
      `A protocol named "${module.name}" is already registered; give the module another name.`,
    );
  }
  if (RESERVED_NAMES.has(module.name)) {
    throw new HardhatPluginError(
      PLUGIN_ID,
      `A protocol cannot be named "${module.name}": the name is the L1's or a key of the xdm config. Give the module another name.`,
    );
  }
  const actors = new Set(
    protocolModules().flatMap((registered) => [
      ...registered.keyedActors,
      ...registered.faultActors,
    ]),
  );
  const taken = [...module.keyedActors, ...module.faultActors].filter(
    (actor) => !actor.startsWith(`${module.name}:`) || actors.has(actor),
  );
  if (taken.length > 0) {
    throw new HardhatPluginError(
      PLUGIN_ID,
      `Protocol "${module.name}" names actors ${taken.join(", ")}: actors of a protocol are named "${module.name}:<actor>" and are its own.`,
    );
  }
  modules.set(module.name, module);
  return () => {
    if (modules.get(module.name) === module) modules.delete(module.name);
  };
}

/** Every registered model, built-in ones first, in registration order. */
export function protocolModules(): ProtocolModule[] {
  return [...modules.values()];
}

/** The module of a protocol name, or undefined when no model of that name is registered. */
export function protocolModule(name: ProtocolName): ProtocolModule | undefined {
  return modules.get(name);
}

/** The registered protocol names, for config validation and error messages. */
export function protocolNames(): string[] {
  return [...modules.keys()];
}
