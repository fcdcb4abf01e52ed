// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IRollupVerifier
/// @notice Verifies the aggregate proof of a batch against its public input hash.
interface IRollupVerifier {
    /// @notice Reverts unless `aggrProof` proves the batch whose public input hash is given.
    /// @param batchIndex The batch being finalized.
    /// @param aggrProof The proof.
    /// @param publicInputHash `keccak(pack(uint64 chainId, prevStateRoot, postStateRoot, withdrawRoot, dataHash))`.
    function verifyAggregateProof(uint256 batchIndex, bytes calldata aggrProof, bytes32 publicInputHash) external view;
}
