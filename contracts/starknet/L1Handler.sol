// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IStarknetL2Messaging} from "../interfaces/IStarknetL2Messaging.sol";
import {StarknetConstants} from "./libraries/StarknetConstants.sol";

/// @title L1Handler
/// @notice Base for contracts on the simulated StarkNet L2 that receive messages from L1 and send messages to it.
/// @dev A handler is an EVM function `f(uint256 fromAddress, uint256[] calldata payload)` guarded by
/// {onlyL1Handler}; the L1 sender passes its 4-byte selector as the message selector. The modifier only proves
/// that the sequencer delivered an L1 message: each handler must still check that `fromAddress` is the L1
/// contract it trusts, as a Cairo `#[l1_handler]` checks `from_address`.
abstract contract L1Handler {
    /// @dev The fixed address of StarknetL2Messaging, the only caller of handlers.
    address internal constant STARKNET_L2_MESSAGING = StarknetConstants.L2_MESSAGING;

    /// @dev Restricts a function to deliveries of L1 messages ("ONLY_L1_HANDLER").
    modifier onlyL1Handler() {
        _checkL1Handler();
        _;
    }

    /// @dev Reverts with "ONLY_L1_HANDLER" unless called by StarknetL2Messaging.
    function _checkL1Handler() internal view virtual {
        require(msg.sender == STARKNET_L2_MESSAGING, "ONLY_L1_HANDLER");
    }

    /// @dev Sends `payload` from this contract to the L1 address `toAddress`.
    /// @return The L2 to L1 message hash.
    function _sendMessageToL1(uint256 toAddress, uint256[] memory payload) internal returns (bytes32) {
        return IStarknetL2Messaging(STARKNET_L2_MESSAGING).sendMessageToL1(toAddress, payload);
    }
}
