/**
 * Validation of the `xdm` config: its shape (the engine's keys and every registered model's section
 * `xdm.<name>`, from its module), then what no schema can check: the networks, chain types and ids of the
 * topology, dependency sets and actor names.
 */
import type { NetworkLike } from "./config.js";
import type { XdmUserConfig } from "./types/config.js";
import type { HardhatUserConfig } from "hardhat/types/config";
import type { HardhatUserConfigValidationError } from "hardhat/types/hooks";

import { validateUserConfigZodType } from "@nomicfoundation/hardhat-zod-utils";
import { z } from "zod";

import { actorNames } from "./actors.js";
import { positiveInt } from "./config-schemas.js";
import { chainTypeOf, configSections, topologyOf } from "./config.js";
import {
  protocolModule,
  protocolModules,
  protocolNames,
} from "./protocols/index.js";

const chainSchema = z
  .object({
    // Any model the registry holds (the built-in ones and those registered with registerProtocol).
    protocol: z.string().refine(
      (name) => protocolModule(name) !== undefined,
      () => ({
        message: `Expected one of the protocols ${protocolNames()
          .map((p) => `"${p}"`)
          .join(", ")}`,
      }),
    ),
    network: z.string().min(1).optional(),
    dependencySet: z.array(z.string()).optional(),
    blockTime: positiveInt.optional(),
  })
  .strict();

/** The schema of `xdm`: the engine's keys and the section of every registered model that has one. */
function xdmSchema() {
  return z
    .object({
      l1: z.string().min(1).optional(),
      l1BlockTime: positiveInt.optional(),
      chains: z.record(chainSchema).optional(),
      ...Object.fromEntries(
        configSections().map(([name, section]) => [
          name,
          section.schema.optional(),
        ]),
      ),
      actors: z
        .record(
          z
            .string()
            .regex(
              /^0x[0-9a-fA-F]{64}$/,
              "Expected a 32-byte private key as 0x-prefixed hex",
            ),
        )
        .optional(),
    })
    .strict();
}

/**
 * The errors of chain `name`'s dependency set: one on a chain of a model without dependency sets, and
 * one for each entry that is not a chain of its model (for a set where none belongs, of a model with them).
 */
function dependencySetErrors(
  name: string,
  dependencySet: string[],
  chains: Record<string, { protocol: string }>,
  l1: string,
): HardhatUserConfigValidationError[] {
  const path = ["xdm", "chains", name, "dependencySet"];
  const protocol = chains[name].protocol;
  const holders = protocolModules().flatMap((module) =>
    module.dependencySet === undefined
      ? []
      : [{ protocol: module.name, ...module.dependencySet }],
  );
  const own = holders.filter((holder) => holder.protocol === protocol);
  const errors: HardhatUserConfigValidationError[] = [];
  if (own.length === 0) {
    errors.push({
      path,
      message: `Only ${holders.map((h) => h.chains).join(" and ")} have a dependency set; "${name}" is a ${protocol} chain.`,
    });
  }
  const allowed = own.length > 0 ? own : holders;
  dependencySet.forEach((dependency, index) => {
    const member = Object.hasOwn(chains, dependency)
      ? chains[dependency].protocol
      : undefined;
    if (allowed.some((holder) => holder.protocol === member)) return;
    const what =
      member !== undefined || dependency === l1
        ? `is not ${allowed.map((h) => h.chain).join(" or ")}`
        : "is not a chain of the topology";
    errors.push({
      path: [...path, index],
      message: `"${dependency}" ${what}; a dependency set names ${allowed.map((h) => h.chains).join(" or ")} of xdm.chains.`,
    });
  });
  return errors;
}

export async function validateXdmUserConfig(
  config: HardhatUserConfig,
): Promise<HardhatUserConfigValidationError[]> {
  const structural = validateUserConfigZodType(
    config,
    z.object({ xdm: xdmSchema().optional() }).passthrough(),
  );
  if (structural.length > 0) {
    return structural;
  }
  const xdm = (config as { xdm?: XdmUserConfig }).xdm;
  const errors: HardhatUserConfigValidationError[] = [];
  const networks = (config.networks ?? {}) as Record<string, NetworkLike>;
  const { l1, chains } = topologyOf(xdm);

  const l1Network = networks[l1];
  if (l1Network === undefined) {
    errors.push({
      path: ["xdm", "l1"],
      message: `The L1 network "${l1}" does not exist. Define it under "networks" or name an existing network.`,
    });
  } else if (
    l1Network.chainType !== undefined &&
    l1Network.chainType !== "l1"
  ) {
    errors.push({
      path: ["xdm", "l1"],
      message: `The L1 network "${l1}" has chainType "${String(l1Network.chainType)}"; an L1 needs chainType "l1".`,
    });
  }

  const idOwners = new Map<number, string>();
  if (typeof l1Network?.chainId === "number")
    idOwners.set(l1Network.chainId, l1);
  else if (l1Network?.type === "edr-simulated") idOwners.set(31337, l1);

  for (const [name, chain] of Object.entries(chains)) {
    const path = ["xdm", "chains", name];
    if (name === l1) {
      errors.push({
        path,
        message: `"${name}" is the L1's name; give this L2 another name.`,
      });
      continue;
    }
    if (chain.network === l1) {
      errors.push({
        path: [...path, "network"],
        message: `Chain "${name}" uses the L1's network "${l1}"; every chain needs a network of its own.`,
      });
      continue;
    }
    const network = networks[chain.network];
    if (network === undefined) {
      errors.push({
        path: [...path, "network"],
        message: `Chain "${name}" runs on network "${chain.network}", which does not exist. Define it under "networks", or leave out "network" and hardhat-xdm creates an in-process network for the chain.`,
      });
      continue;
    }
    const expectedType = chainTypeOf(chain.protocol);
    if (
      network.chainType !== undefined &&
      network.chainType !== expectedType &&
      !(expectedType === "generic" && network.chainType === "l1")
    ) {
      errors.push({
        path: [...path, "network"],
        message: `Chain "${name}" is a ${chain.protocol} chain but network "${chain.network}" has chainType "${String(network.chainType)}"; use chainType "${expectedType}".`,
      });
    }
    const chainId =
      typeof network.chainId === "number"
        ? network.chainId
        : network.type === "edr-simulated"
          ? 31337
          : undefined;
    if (chainId !== undefined) {
      const owner = idOwners.get(chainId);
      if (owner !== undefined) {
        errors.push({
          path,
          message: `Chain "${name}" has chain id ${chainId}, already used by chain "${owner}". Give network "${chain.network}" its own chainId.`,
        });
      } else {
        idOwners.set(chainId, name);
      }
    }
    if (chain.dependencySet !== undefined) {
      errors.push(
        ...dependencySetErrors(name, chain.dependencySet, chains, l1),
      );
    }
  }

  const actors = actorNames();
  for (const actor of Object.keys(xdm?.actors ?? {})) {
    if (!actors.includes(actor)) {
      errors.push({
        path: ["xdm", "actors", actor],
        message: `Unknown actor "${actor}". Actors are ${actors.map((a) => `"${a}"`).join(", ")}.`,
      });
    }
  }
  return errors;
}
