/**
 * What proving a withdrawal on L1 takes, read from the L2 over JSON-RPC as viem's buildProveWithdrawal
 * reads it: the version-0 output root of an L2 block (its state root, the L2ToL1MessagePasser's storage
 * root from `eth_getProof`, its hash) and the storage proof of `sentMessages[withdrawalHash]`, plus the
 * leaf its last branch holds inline, as the portal's Merkle-Patricia verifier expects.
 */
import type { OutputRootProof } from "./bedrock.js";
import type { Chain, RpcBlock } from "../../../chain.js";

import {
  decodeRlp,
  encodeRlp,
  getBytes,
  keccak256,
  toQuantity,
  zeroPadValue,
} from "ethers";

import { L2_TO_L1_MESSAGE_PASSER_ADDRESS } from "./bedrock-addresses.js";
import { outputRoot, withdrawalStorageSlot } from "./bedrock.js";

interface EthProof {
  storageHash: string;
  storageProof: Array<{ key: string; value: string; proof: string[] }>;
}

/** The output root proof of L2 block `l2Block` and the root it hashes to. */
export async function outputRootAt(
  chain: Chain,
  l2Block: number,
): Promise<{ proof: OutputRootProof; root: string }> {
  const [account, block] = await Promise.all([
    chain.rpc<EthProof>("eth_getProof", [
      L2_TO_L1_MESSAGE_PASSER_ADDRESS,
      [],
      toQuantity(l2Block),
    ]),
    chain.rpc<RpcBlock & { stateRoot: string }>("eth_getBlockByNumber", [
      toQuantity(l2Block),
      false,
    ]),
  ]);
  const proof: OutputRootProof = {
    version: zeroPadValue("0x", 32),
    stateRoot: block.stateRoot,
    messagePasserStorageRoot: account.storageHash,
    latestBlockhash: block.hash,
  };
  return { proof, root: outputRoot(proof) };
}

/** The storage proof that `withdrawalHash` is recorded in the message passer at L2 block `l2Block`. */
export async function withdrawalProofAt(
  chain: Chain,
  withdrawalHash: string,
  l2Block: number,
): Promise<{ proof: string[]; storageHash: string }> {
  const slot = withdrawalStorageSlot(withdrawalHash);
  const answer = await chain.rpc<EthProof>("eth_getProof", [
    L2_TO_L1_MESSAGE_PASSER_ADDRESS,
    [slot],
    toQuantity(l2Block),
  ]);
  const [entry] = answer.storageProof;
  return {
    proof: withInlineLeaf(keccak256(slot), entry.proof),
    storageHash: answer.storageHash,
  };
}

type RlpNode = string | RlpNode[];

/**
 * `proof` with, when its last node is a branch that holds the key's leaf inline (a node under 32 bytes is
 * embedded rather than hashed), that leaf's encoding appended as its own element.
 */
export function withInlineLeaf(path: string, proof: string[]): string[] {
  const nibbles = [...getBytes(path)].flatMap((byte) => [byte >> 4, byte & 15]);
  let depth = 0;
  for (const [i, encoded] of proof.entries()) {
    const node = decodeRlp(encoded) as RlpNode[];
    let child: RlpNode | undefined;
    if (node.length === 17) {
      child = node[nibbles[depth]];
      depth += 1;
    } else if (node.length === 2 && typeof node[0] === "string") {
      const path = [...getBytes(node[0])].flatMap((byte) => [
        byte >> 4,
        byte & 15,
      ]);
      const isLeaf = path[0] >= 2;
      if (isLeaf) return proof;
      depth += path.length - (path[0] % 2 === 1 ? 1 : 2);
      child = node[1];
    }
    if (i === proof.length - 1 && Array.isArray(child))
      return [...proof, encodeRlp(child)];
  }
  return proof;
}
