import type { BuiltInActorName } from "./protocols/index.js";

import { Wallet, keccak256, toUtf8Bytes } from "ethers";

import { protocolModules } from "./protocols/index.js";

/**
 * The off-chain actors of every model (each module names its own) and the
 * deployer of the system contracts. Each has its own key, derived as
 * keccak256("hardhat-xdm:<actor>"), so the simulation never spends from, or
 * moves the nonce of, one of the user's accounts.
 */
export function actorNames(): string[] {
  return [...protocolModules().flatMap((m) => m.keyedActors), "deployer"];
}

/** The actors of the built-in models and the deployer; a registered model's actors are plain strings. */
export type ActorName = BuiltInActorName | "deployer";

/** What every actor account holds after install: enough gas money for any test. */
export const ACTOR_BALANCE = 10n ** 24n;

export function derivedActorKey(actor: ActorName | (string & {})): string {
  return keccak256(toUtf8Bytes(`hardhat-xdm:${actor}`));
}

export function isActorName(name: string): boolean {
  return actorNames().includes(name);
}

export interface Actor {
  name: string;
  address: string;
  privateKey: string;
}

/** Every actor of every registered model, with the key `overrides` gives it or its derived one. */
export function resolveActors(
  overrides: Record<string, string>,
): Record<ActorName, Actor> & Record<string, Actor | undefined> {
  const actors: Record<string, Actor> = {};
  for (const name of actorNames()) {
    const privateKey = overrides[name] ?? derivedActorKey(name);
    actors[name] = {
      name,
      privateKey,
      address: new Wallet(privateKey).address,
    };
  }
  return actors as Record<ActorName, Actor> & Record<string, Actor | undefined>;
}
