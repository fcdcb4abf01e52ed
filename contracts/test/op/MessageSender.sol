// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import { IL2ToL2CrossDomainMessenger } from "../../interfaces/IL2ToL2CrossDomainMessenger.sol";
import { Predeploys } from "../../op/libraries/Predeploys.sol";

/// @title MessageSender
/// @notice Test contract that sends messages through the messenger, so the message's sender is a contract.
contract MessageSender {
    IL2ToL2CrossDomainMessenger internal constant MESSENGER =
        IL2ToL2CrossDomainMessenger(Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER);

    /// @notice Hash returned by the last `sendMessage`.
    bytes32 public lastMessageHash;

    /// @notice Emitted with the hash `sendMessage` returned.
    event Sent(bytes32 indexed messageHash);

    /// @notice Sends a message with this contract as its sender.
    /// @param _destination Chain id of the destination chain.
    /// @param _target      Target of the message.
    /// @param _message     Calldata for the target.
    /// @return messageHash_ The message hash.
    function send(uint256 _destination, address _target, bytes calldata _message)
        external
        returns (bytes32 messageHash_)
    {
        messageHash_ = MESSENGER.sendMessage(_destination, _target, _message);
        lastMessageHash = messageHash_;
        emit Sent(messageHash_);
    }

    /// @notice Reads the messenger's context outside a relay, which reverts with `NotEntered()`.
    /// @return sender_ Never returned.
    /// @return source_ Never returned.
    function readContext() external view returns (address sender_, uint256 source_) {
        (sender_, source_) = MESSENGER.crossDomainMessageContext();
    }
}
