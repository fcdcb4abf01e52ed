// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import { IL2ToL2CrossDomainMessenger } from "../../interfaces/IL2ToL2CrossDomainMessenger.sol";
import { Predeploys } from "../../op/libraries/Predeploys.sol";

/// @title ContextRecorder
/// @notice Test target that records what the messenger reports while it relays a message.
contract ContextRecorder {
    IL2ToL2CrossDomainMessenger internal constant MESSENGER =
        IL2ToL2CrossDomainMessenger(Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER);

    /// @notice `crossDomainMessageContext()` as seen by the last call.
    address public lastSender;
    uint256 public lastSource;

    /// @notice `crossDomainMessageSender()` and `crossDomainMessageSource()` as seen by the last call.
    address public lastSenderGetter;
    uint256 public lastSourceGetter;

    /// @notice Caller, value and tag of the last call.
    address public lastCaller;
    uint256 public lastValue;
    bytes32 public lastTag;

    /// @notice Number of recorded calls.
    uint256 public calls;

    /// @notice Emitted on every recorded call.
    event ContextRecorded(address indexed caller, address sender, uint256 source, uint256 value, bytes32 tag);

    /// @notice Records the messenger's context, the caller and the value.
    /// @param _tag Any value, returned as is so a test can check `RelayedMessage.returnDataHash`.
    /// @return The tag.
    function record(bytes32 _tag) external payable returns (bytes32) {
        (address sender, uint256 source) = MESSENGER.crossDomainMessageContext();
        lastSender = sender;
        lastSource = source;
        lastSenderGetter = MESSENGER.crossDomainMessageSender();
        lastSourceGetter = MESSENGER.crossDomainMessageSource();
        lastCaller = msg.sender;
        lastValue = msg.value;
        lastTag = _tag;
        calls++;
        emit ContextRecorded(msg.sender, sender, source, msg.value, _tag);
        return _tag;
    }
}
