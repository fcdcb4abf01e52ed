// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title StarknetConstants
/// @notice The fixed values of the simulated StarkNet, in one place for the system contracts and dapps.
library StarknetConstants {
    /// @dev StarkNet's field prime `2^251 + 17·2^192 + 1`; a felt is a word strictly below it.
    uint256 internal constant FIELD_PRIME = 0x800000000000011000000000000000000000000000000000000000000000001;

    /// @dev Fixed address of StarknetL2Messaging on the StarkNet L2 ("ST" and 1), so handlers can trust it
    /// without any registry.
    address internal constant L2_MESSAGING = 0x5354000000000000000000000000000000000001;

    /// @dev The largest fee an L1 to L2 message may carry (real).
    uint256 internal constant MAX_L1_MSG_FEE = 1 ether;

    /// @dev The real cancellation delay; the simulation makes it configurable.
    uint256 internal constant DEFAULT_MESSAGE_CANCELLATION_DELAY = 5 days;
}
