// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ScrollConstants
/// @notice Values fixed by the Scroll protocol itself, in one place.
library ScrollConstants {
    /// @dev `xDomainMessageSender` between executions; non-zero so resetting it refunds gas, and
    /// never a real sender, which is why messages from `address(1)` are refused.
    address internal constant DEFAULT_XDOMAIN_MESSAGE_SENDER = address(1);

    /// @dev `xDomainMessageSender` during `onDropMessage`: `bytes20(keccak256("drop"))`, so a
    /// callback cannot be mistaken for a message from any L2 account.
    address internal constant DROP_XDOMAIN_MESSAGE_SENDER = 0x6f297C61B5C92eF107fFD30CD56AFFE5A273e841;

    /// @dev The real L2 predeploys. Other Scroll system contracts live at project addresses.
    address internal constant L2_MESSAGE_QUEUE = 0x5300000000000000000000000000000000000000;
    address internal constant L2_WHITELIST = 0x5300000000000000000000000000000000000003;

    /// @dev Replays allowed per message, bounding the copy list `dropMessage` must walk.
    uint256 internal constant DEFAULT_MAX_REPLAY_TIMES = 3;
}
