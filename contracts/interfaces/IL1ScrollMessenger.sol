// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IScrollMessenger} from "./IScrollMessenger.sol";

/// @title IL1ScrollMessenger
/// @notice Scroll's L1 messenger: enqueues L1→L2 messages, replays and drops them, and executes
/// L2→L1 messages proven against a finalized batch's withdraw root.
interface IL1ScrollMessenger is IScrollMessenger {
    /// @notice Where an L2→L1 message sits in the withdraw trie of a finalized batch.
    /// @param batchIndex A finalized batch whose withdraw root includes the message.
    /// @param merkleProof The sibling hashes from the leaf up, concatenated (32 bytes each).
    struct L2MessageProof {
        uint256 batchIndex;
        bytes merkleProof;
    }

    /// @notice Emitted when the owner changes how many times a message may be replayed.
    event UpdateMaxReplayTimes(uint256 oldMaxReplayTimes, uint256 newMaxReplayTimes);

    /// @notice The ZKRollup whose finalized withdraw roots prove L2→L1 messages.
    function rollup() external view returns (address);

    /// @notice The L1MessageQueue this messenger enqueues into.
    function messageQueue() external view returns (address);

    /// @notice How many times one message may be replayed.
    function maxReplayTimes() external view returns (uint256);

    /// @notice Whether the L2→L1 message with this hash was executed successfully.
    function isL2MessageExecuted(bytes32 messageHash) external view returns (bool);

    /// @notice Whether the L1→L2 message with this hash was dropped.
    function isL1MessageDropped(bytes32 messageHash) external view returns (bool);

    /// @notice For the queue index of a replay: the queue index of the previous copy plus one.
    function prevReplayIndex(uint256 queueIndex) external view returns (uint256);

    /// @notice How often a message was replayed and the queue index of its latest copy.
    function replayStates(bytes32 messageHash) external view returns (uint128 times, uint128 lastIndex);

    /// @notice Executes an L2→L1 message proven against the withdraw root of a finalized batch.
    /// Anyone may call it; a message whose call reverted may be claimed again.
    /// @param from The L2 sender.
    /// @param to The L1 target.
    /// @param value The ETH the call carries, paid from this messenger's balance.
    /// @param nonce The message's withdraw-trie leaf index.
    /// @param message The calldata of the call.
    /// @param proof The batch and Merkle proof.
    function relayMessageWithProof(
        address from,
        address to,
        uint256 value,
        uint256 nonce,
        bytes memory message,
        L2MessageProof memory proof
    ) external;

    /// @notice Enqueues an already sent L1→L2 message again with a new gas limit (at most
    /// `maxReplayTimes` times). Only the new fee is charged; the excess goes to `refundAddress`.
    /// @param from The original sender.
    /// @param to The L2 target.
    /// @param value The ETH of the original message (not charged again).
    /// @param messageNonce The queue index of the original message.
    /// @param message The calldata of the call.
    /// @param newGasLimit The gas limit of the new copy.
    /// @param refundAddress Who gets the excess of `msg.value`.
    function replayMessage(
        address from,
        address to,
        uint256 value,
        uint256 messageNonce,
        bytes memory message,
        uint32 newGasLimit,
        address refundAddress
    ) external payable;

    /// @notice Drops an L1→L2 message whose every copy was skipped by a finalized batch, returning
    /// its value to the sender through `IMessageDropCallback.onDropMessage`.
    /// @param from The original sender, which receives the callback.
    /// @param to The L2 target.
    /// @param value The ETH of the message, sent back with the callback.
    /// @param messageNonce The queue index of the original message.
    /// @param message The calldata of the call.
    function dropMessage(address from, address to, uint256 value, uint256 messageNonce, bytes memory message) external;
}
