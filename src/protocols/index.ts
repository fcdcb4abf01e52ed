import type { Protocol, ProtocolModule, ProtocolName } from "./types.js";

import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "../constants.js";

import { op } from "./op/index.js";
import { scroll } from "./scroll/index.js";
import { starknet } from "./starknet/index.js";

/**
 * The protocol registry: the only place that lists the messaging models. The
 * engine (world, status table, faults, actor keys, config) asks it and names
 * no model itself. A model's module is light (names, texts, a lazy `create`),
 * so reading the registry loads no protocol code.
 */
const BUILT_IN = [op, scroll, starknet] as const;

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
 * Adds a messaging model (a module as `src/protocols/<name>/index.ts` exports one): config accepts
 * `protocol: "<name>"` from then on, and worlds created afterwards run it on its chains. A name that
 * is already registered is an error. Returns the function that takes it out of the registry again
 * (for a test that registers a model of its own; worlds already created keep running it).
 */
export function registerProtocol<P extends Protocol>(
  module: ProtocolModule<P>,
): () => void {
  if (modules.has(module.name) || module.name === "l1") {
    throw new HardhatPluginError(
      PLUGIN_ID,
      `A protocol named "${module.name}" is already registered; give the module another name.`,
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
