// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IL2MessageQueue
/// @notice The L2→L1 withdraw trie: an append-only Merkle tree of message hashes whose root the
/// prover commits to in each finalized batch.
interface IL2MessageQueue {
    /// @notice Emitted when a message hash becomes leaf `index`.
    event AppendMessage(uint256 index, bytes32 messageHash);

    /// @notice The root after the last append (storage slot 0, read at a block by the prover).
    function messageRoot() external view returns (bytes32);

    /// @notice Number of leaves, i.e. the nonce of the next L2→L1 message (storage slot 1).
    function nextMessageIndex() external view returns (uint256);

    /// @notice The only account allowed to append (the L2ScrollMessenger).
    function messenger() external view returns (address);

    /// @notice Appends a message hash as the next leaf.
    /// @param messageHash The L2→L1 message hash.
    /// @return The new root.
    function appendMessage(bytes32 messageHash) external returns (bytes32);
}
