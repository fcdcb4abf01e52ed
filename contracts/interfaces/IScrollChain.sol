// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IScrollChain
/// @notice The rollup contract: the sequencer commits batches of L2 blocks, the prover finalizes
/// them with a proof, and each finalized batch records the state root and withdraw root.
interface IScrollChain {
    /// @notice Emitted when batch `batchIndex` is committed.
    event CommitBatch(uint256 indexed batchIndex, bytes32 indexed batchHash);

    /// @notice Emitted when batch `batchIndex` is finalized.
    event FinalizeBatch(uint256 indexed batchIndex, bytes32 indexed batchHash, bytes32 stateRoot, bytes32 withdrawRoot);

    /// @notice Emitted when the owner adds or removes a sequencer.
    event UpdateSequencer(address indexed account, bool status);

    /// @notice Emitted when the owner adds or removes a prover.
    event UpdateProver(address indexed account, bool status);

    /// @notice Emitted when the owner replaces the proof verifier.
    event UpdateVerifier(address indexed oldVerifier, address indexed newVerifier);

    /// @notice Emitted when the owner changes the transaction cap per chunk.
    event UpdateMaxNumTxInChunk(uint256 oldMaxNumTxInChunk, uint256 newMaxNumTxInChunk);

    /// @notice The hash of committed batch `batchIndex`, zero if none.
    function committedBatches(uint256 batchIndex) external view returns (bytes32);

    /// @notice The state root after finalized batch `batchIndex`, zero if not finalized.
    function finalizedStateRoots(uint256 batchIndex) external view returns (bytes32);

    /// @notice The withdraw root after finalized batch `batchIndex`, zero if not finalized.
    function withdrawRoots(uint256 batchIndex) external view returns (bytes32);

    /// @notice The index of the last finalized batch.
    function lastFinalizedBatchIndex() external view returns (uint256);

    /// @notice The L2 chain id bound into every public input.
    function layer2ChainId() external view returns (uint64);

    /// @notice Whether batch `batchIndex` is finalized.
    function isBatchFinalized(uint256 batchIndex) external view returns (bool);

    /// @notice Imports the genesis batch (index 0) as committed and finalized; once only.
    /// @param batchHeader A version-0 header with every field zero except the data hash.
    /// @param stateRoot The L2 genesis state root.
    function importGenesisBatch(bytes calldata batchHeader, bytes32 stateRoot) external;

    /// @notice Commits the batch after `parentBatchHeader` (sequencers only).
    /// @param version The batch version; only 0 is supported.
    /// @param parentBatchHeader The committed header of the parent batch.
    /// @param chunks The encoded chunks of the batch.
    /// @param skippedL1MessageBitmap One bit per L1 message the batch pops, set if skipped.
    function commitBatch(
        uint8 version,
        bytes calldata parentBatchHeader,
        bytes[] memory chunks,
        bytes calldata skippedL1MessageBitmap
    ) external;

    /// @notice Finalizes a committed batch with a validity proof (provers only) and pops its L1 messages.
    /// @param batchHeader The committed header of the batch.
    /// @param prevStateRoot The state root after the parent batch.
    /// @param postStateRoot The state root after this batch.
    /// @param withdrawRoot The L2MessageQueue root after this batch.
    /// @param aggrProof The proof handed to the verifier.
    function finalizeBatchWithProof(
        bytes calldata batchHeader,
        bytes32 prevStateRoot,
        bytes32 postStateRoot,
        bytes32 withdrawRoot,
        bytes calldata aggrProof
    ) external;
}
