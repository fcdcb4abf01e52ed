// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import { Identifier } from "../../interfaces/ICrossL2Inbox.sol";
import { IL2ToL2CrossDomainMessenger } from "../../interfaces/IL2ToL2CrossDomainMessenger.sol";
import { Predeploys } from "../../op/libraries/Predeploys.sol";

/// @title SimulationDodger
/// @notice Adversarial test contract: relays a message only in a block after `quietUpTo`. A supervisor
/// that simulates the transaction on the latest block sees a call that does nothing; the block the
/// transaction is mined in executes the message.
contract SimulationDodger {
    IL2ToL2CrossDomainMessenger internal constant MESSENGER =
        IL2ToL2CrossDomainMessenger(Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER);

    /// @notice Number of relays this contract made.
    uint256 public relays;

    /// @notice Relays `sentMessage` under `id` if the current block is after `quietUpTo`, else does nothing.
    /// @param quietUpTo the last block number in which the call stays harmless (the latest block when sent).
    /// @param id the identifier of the (claimed) initiating message.
    /// @param sentMessage the (claimed) SentMessage payload.
    function relayUnlessSimulated(uint256 quietUpTo, Identifier calldata id, bytes calldata sentMessage) external {
        if (block.number <= quietUpTo) return;
        relays += 1;
        MESSENGER.relayMessage(id, sentMessage);
    }
}
