// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IMessageDropCallback
/// @notice Implemented by L1 senders that want their ETH (and bookkeeping) back when one of their
/// L1→L2 messages is skipped by the sequencer and dropped.
interface IMessageDropCallback {
    /// @notice Called by the L1ScrollMessenger with the message's value while
    /// `xDomainMessageSender()` is the drop sender `0x6f297C61B5C92eF107fFD30CD56AFFE5A273e841`.
    /// @param message The calldata of the dropped message.
    function onDropMessage(bytes calldata message) external payable;
}
