import { Wallet, keccak256, toUtf8Bytes } from "ethers";

/**
 * The off-chain actors of every model. Each has its own key, derived as
 * keccak256("hardhat-xdm:<actor>"), so the simulation never spends from, or
 * moves the nonce of, one of the user's accounts.
 */
export const ACTOR_NAMES = [
  "op:autorelayer",
  "scroll:sequencer",
  "scroll:prover",
  "scroll:fee-vault",
  "starknet:sequencer",
  "starknet:prover",
  "deployer",
] as const;

export type ActorName = (typeof ACTOR_NAMES)[number];

/** What every actor account holds after install: enough gas money for any test. */
export const ACTOR_BALANCE = 10n ** 24n;

export function derivedActorKey(actor: ActorName): string {
  return keccak256(toUtf8Bytes(`hardhat-xdm:${actor}`));
}

export function isActorName(name: string): name is ActorName {
  return (ACTOR_NAMES as readonly string[]).includes(name);
}

export interface Actor {
  name: ActorName;
  address: string;
  privateKey: string;
}

export function resolveActors(overrides: Record<string, string>): Record<ActorName, Actor> {
  const actors = {} as Record<ActorName, Actor>;
  for (const name of ACTOR_NAMES) {
    const privateKey = overrides[name] ?? derivedActorKey(name);
    actors[name] = { name, privateKey, address: new Wallet(privateKey).address };
  }
  return actors;
}
