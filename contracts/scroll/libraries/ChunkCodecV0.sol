// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ChunkCodecV0
/// @notice A version-0 chunk: `numBlocks u8 ‖ blockContext × numBlocks ‖ (u32 length ‖ raw tx) per
/// L2 transaction`, with the 60-byte block context `blockNumber u64 ‖ timestamp u64 ‖ baseFee u256 ‖
/// gasLimit u64 ‖ numTransactions u16 ‖ numL1Messages u16`.
/// @dev Chunks arrive as `bytes memory`; offsets are relative to the chunk's first byte.
/// Mirrored by `encodeChunk` / `chunkHash` in src/protocols/scroll/encoding.ts.
library ChunkCodecV0 {
    uint256 internal constant BLOCK_CONTEXT_LENGTH = 60;
    /// @dev The chunk hash covers a context without `numL1Messages`, which the L1 message hashes
    /// that follow already pin down.
    uint256 internal constant HASHED_CONTEXT_LENGTH = 58;

    /// @notice Reverts unless the chunk has blocks and room for their contexts; returns the block count.
    function validateChunkLength(bytes memory chunk) internal pure returns (uint256 numBlocks) {
        numBlocks = chunk.length == 0 ? 0 : uint8(chunk[0]);
        require(numBlocks > 0, "no block in chunk");
        require(chunk.length >= 1 + numBlocks * BLOCK_CONTEXT_LENGTH, "invalid chunk length");
    }

    /// @notice Offset of block `blockIndex`'s context.
    function blockContextOffset(uint256 blockIndex) internal pure returns (uint256) {
        return 1 + blockIndex * BLOCK_CONTEXT_LENGTH;
    }

    /// @notice L1 messages plus L2 transactions of block `blockIndex`.
    function numTransactions(bytes memory chunk, uint256 blockIndex) internal pure returns (uint256) {
        return _readUint(chunk, blockContextOffset(blockIndex) + 56, 2);
    }

    /// @notice L1 messages (skipped included) of block `blockIndex`.
    function numL1Messages(bytes memory chunk, uint256 blockIndex) internal pure returns (uint256) {
        return _readUint(chunk, blockContextOffset(blockIndex) + 58, 2);
    }

    /// @notice Offset of the first L2 transaction.
    function l2TxOffset(uint256 numBlocks) internal pure returns (uint256) {
        return 1 + numBlocks * BLOCK_CONTEXT_LENGTH;
    }

    /// @notice Copies the hashed part of block `blockIndex`'s context to memory at `dest`.
    function copyHashedContext(bytes memory chunk, uint256 blockIndex, uint256 dest) internal pure {
        uint256 src = blockContextOffset(blockIndex);
        assembly ("memory-safe") {
            mcopy(dest, add(add(chunk, 0x20), src), HASHED_CONTEXT_LENGTH)
        }
    }

    /// @notice Hashes the L2 transaction at `offset` and returns the offset after it.
    /// @return txHash `keccak256(rawTx)`, zero when the transaction runs past the chunk.
    /// @return next The offset after the transaction, `chunk.length + 1` when it runs past the chunk,
    /// so the caller can report truncation after its other checks (in the protocol's order).
    function loadL2TxHash(bytes memory chunk, uint256 offset) internal pure returns (bytes32 txHash, uint256 next) {
        if (offset + 4 > chunk.length) return (bytes32(0), chunk.length + 1);
        uint256 length = _readUint(chunk, offset, 4);
        uint256 start = offset + 4;
        if (start + length > chunk.length) return (bytes32(0), chunk.length + 1);
        assembly ("memory-safe") {
            txHash := keccak256(add(add(chunk, 0x20), start), length)
        }
        next = start + length;
    }

    function _readUint(bytes memory data, uint256 offset, uint256 size) private pure returns (uint256 value) {
        assembly ("memory-safe") {
            value := shr(sub(256, mul(size, 8)), mload(add(add(data, 0x20), offset)))
        }
    }
}
