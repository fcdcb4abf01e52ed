/**
 * Finalization: the public input a batch is proven for, and the mock prover's "proof" of it (a
 * signature MockRollupVerifier checks against its prover), as ZKRollup and the verifier compute them.
 */

import {
  type BytesLike,
  concat,
  getBytes,
  hexlify,
  keccak256,
  recoverAddress,
  Signature,
  SigningKey,
  solidityPacked,
  zeroPadValue,
} from "ethers";

/** `InvalidProof()` of the mock rollup verifier. */
export const INVALID_PROOF_SELECTOR = "0x09bde339";

/** secp256k1 group order, for the low-s rule of the mock verifier. */
export const SECP256K1_N =
  0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

export interface PublicInput {
  layer2ChainId: bigint;
  prevStateRoot: string;
  postStateRoot: string;
  withdrawRoot: string;
  dataHash: string;
}

/** `keccak(pack(uint64 layer2ChainId, prevStateRoot, postStateRoot, withdrawRoot, dataHash))`. */
export function publicInputHash(input: PublicInput): string {
  return keccak256(
    solidityPacked(
      ["uint64", "bytes32", "bytes32", "bytes32", "bytes32"],
      [
        input.layer2ChainId,
        input.prevStateRoot,
        input.postStateRoot,
        input.withdrawRoot,
        input.dataHash,
      ],
    ),
  );
}

/**
 * The mock prover's "proof": a deterministic (RFC 6979) signature of the raw public input hash,
 * 65 bytes `r ‖ s ‖ v` with `v ∈ {27, 28}` and low `s`, which MockRollupVerifier accepts iff the
 * signer is its prover.
 */
export function signAggregateProof(
  proverPrivateKey: string,
  publicInput: string,
): string {
  const signature = new SigningKey(proverPrivateKey).sign(
    zeroPadValue(publicInput, 32),
  );
  return concat([signature.r, signature.s, new Uint8Array([signature.v])]);
}

/** The address that signed a 65-byte mock proof (throws if the bytes are not a signature). */
export function recoverProofSigner(
  publicInput: string,
  aggrProof: BytesLike,
): string {
  const bytes = getBytes(aggrProof);
  if (bytes.length !== 65)
    throw new Error(`a mock proof is 65 bytes, got ${bytes.length}`);
  const signature = Signature.from({
    r: hexlify(bytes.slice(0, 32)),
    s: hexlify(bytes.slice(32, 64)),
    v: bytes[64],
  });
  return recoverAddress(zeroPadValue(publicInput, 32), signature);
}
