// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IScrollMessenger} from "../../interfaces/IScrollMessenger.sol";
import {IMessageDropCallback} from "../../interfaces/IMessageDropCallback.sol";

/// @title DropAwareSender
/// @notice Test L1 sender that implements the drop callback and records it.
contract DropAwareSender is IMessageDropCallback {
    event Dropped(address xDomainSender, uint256 value, bytes message);

    IScrollMessenger public immutable messenger;
    address public lastDropSender;
    uint256 public lastDropValue;
    bytes public lastDropMessage;

    constructor(IScrollMessenger _messenger) {
        messenger = _messenger;
    }

    /// @notice Sends a message carrying `value`; `msg.value` covers value and fee.
    function send(address to, uint256 value, bytes calldata message, uint256 gasLimit) external payable {
        messenger.sendMessage{value: msg.value}(to, value, message, gasLimit, msg.sender);
    }

    /// @inheritdoc IMessageDropCallback
    function onDropMessage(bytes calldata message) external payable override {
        require(msg.sender == address(messenger), "only messenger");
        lastDropSender = messenger.xDomainMessageSender();
        lastDropValue = msg.value;
        lastDropMessage = message;
        emit Dropped(lastDropSender, msg.value, message);
    }
}
