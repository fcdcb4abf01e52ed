// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IScrollMessenger} from "./IScrollMessenger.sol";

/// @title IL2ScrollMessenger
/// @notice Scroll's L2 messenger: appends L2→L1 messages to the withdraw trie and executes the
/// L1→L2 messages the sequencer relays.
interface IL2ScrollMessenger is IScrollMessenger {
    /// @notice The L2MessageQueue holding the withdraw trie.
    function messageQueue() external view returns (address);

    /// @notice Whether the L1→L2 message with this hash was executed successfully.
    function isL1MessageExecuted(bytes32 messageHash) external view returns (bool);

    /// @notice Executes an L1→L2 message. Only the aliased L1ScrollMessenger (the sender of every
    /// L1 message transaction) may call it; a reverted call is recorded, not bubbled up.
    /// @param from The L1 sender.
    /// @param to The L2 target.
    /// @param value The ETH the call carries, paid from this messenger's balance.
    /// @param nonce The queue index of the original message.
    /// @param message The calldata of the call.
    function relayMessage(address from, address to, uint256 value, uint256 nonce, bytes calldata message) external;
}
