// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IScrollMessenger} from "../../interfaces/IScrollMessenger.sol";
import {IMessageDropCallback} from "../../interfaces/IMessageDropCallback.sol";
import {ScrollConstants} from "../../scroll/libraries/ScrollConstants.sol";
import {ScrollBridgeBase} from "./ScrollBridgeBase.sol";
import {L2ETHBridge} from "./L2ETHBridge.sol";

/// @title L1ETHBridge
/// @notice Example: deposits ETH to L2 and pays out withdrawals proven from L2. Deposited ETH is
/// locked in the L1ScrollMessenger (it travels as the message value); withdrawals are paid from it.
contract L1ETHBridge is ScrollBridgeBase, IMessageDropCallback {
    /// @notice Emitted when `from` deposits `amount` wei for `to` on L2.
    event DepositETH(address indexed from, address indexed to, uint256 amount);
    /// @notice Emitted when a withdrawal from L2 pays `amount` wei to `to`.
    event FinalizeWithdrawETH(address indexed from, address indexed to, uint256 amount);
    /// @notice Emitted when a dropped deposit returns `amount` wei to `from`.
    event RefundETH(address indexed from, uint256 amount);

    /// @notice `msg.value` does not cover the amount.
    error InsufficientValue();
    /// @notice The dropped message is not a deposit of this bridge.
    error UnknownMessage();

    /// @dev The message's own ETH value moves the deposit; the messenger, not this bridge, holds it.
    bytes4 private constant DEPOSIT_SELECTOR = L2ETHBridge.finalizeDepositETH.selector;

    constructor(IScrollMessenger _messenger) ScrollBridgeBase(_messenger) {}

    /// @notice Deposits `amount` wei for `to` on L2; `msg.value` must also cover the messaging fee
    /// (`gasLimit × l2BaseFee`), and the excess is refunded to the caller.
    /// @param to The L2 recipient.
    /// @param amount The wei to deposit.
    /// @param gasLimit The gas limit of the L2 call.
    function depositETH(address to, uint256 amount, uint256 gasLimit) external payable {
        if (msg.value < amount) revert InsufficientValue();
        bytes memory message = abi.encodeCall(L2ETHBridge.finalizeDepositETH, (msg.sender, to, amount));
        messenger.sendMessage{value: msg.value}(counterpart, amount, message, gasLimit, msg.sender);
        emit DepositETH(msg.sender, to, amount);
    }

    /// @notice Pays out a withdrawal started on L2; only as a message from the L2 bridge.
    /// @param from The L2 account that withdrew.
    /// @param to The L1 recipient.
    /// @param amount The wei withdrawn (the message's value).
    function finalizeWithdrawETH(address from, address to, uint256 amount) external payable onlyCounterpart {
        if (msg.value != amount) revert InsufficientValue();
        _sendETH(to, amount);
        emit FinalizeWithdrawETH(from, to, amount);
    }

    /// @inheritdoc IMessageDropCallback
    /// @dev A deposit the sequencer skipped never reached L2, so its value comes back to the depositor.
    function onDropMessage(bytes calldata message) external payable override {
        if (msg.sender != address(messenger) || messenger.xDomainMessageSender() != ScrollConstants.DROP_XDOMAIN_MESSAGE_SENDER) {
            revert NotCounterpart();
        }
        if (message.length < 4 || bytes4(message[0:4]) != DEPOSIT_SELECTOR) revert UnknownMessage();
        (address from, , uint256 amount) = abi.decode(message[4:], (address, address, uint256));
        if (msg.value != amount) revert InsufficientValue();
        _sendETH(from, amount);
        emit RefundETH(from, amount);
    }
}
