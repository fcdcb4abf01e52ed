/**
 * The keys of the plugin's off-chain actors, taken from the plugin's own resolution (src/actors.ts) so a
 * test signs as exactly the account the plugin would, and the keys of test users that are neither an actor
 * nor one of Hardhat's default accounts.
 */
import { keccak256, toUtf8Bytes } from "ethers";

import { type ActorName, resolveActors } from "../../src/actors.js";

/** The private key the plugin gives `actor` when the config overrides none. */
export function actorKey(actor: ActorName): string {
  return resolveActors({})[actor].privateKey;
}

/** The private key of test user `name`: its own account, so it never shares a nonce with an actor. */
export function testUserKey(name: string): string {
  return keccak256(toUtf8Bytes(`hardhat-xdm:test-user:${name}`));
}
