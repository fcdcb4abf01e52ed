// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import { Identifier } from "../../interfaces/ICrossL2Inbox.sol";
import { IL2ToL2CrossDomainMessenger } from "../../interfaces/IL2ToL2CrossDomainMessenger.sol";
import { Predeploys } from "../../op/libraries/Predeploys.sol";

/// @title ReentrantRelayer
/// @notice Test target that, when relayed to, calls `relayMessage` again from inside the relayed call.
contract ReentrantRelayer {
    /// @notice Relays `(_id, _sentMessage)` from inside the current relay; the messenger's `ReentrantCall()`
    ///         bubbles out unchanged.
    /// @param _id          Identifier passed to the inner relay.
    /// @param _sentMessage Payload passed to the inner relay.
    function reenter(Identifier calldata _id, bytes calldata _sentMessage) external {
        IL2ToL2CrossDomainMessenger(Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER).relayMessage(_id, _sentMessage);
    }
}
