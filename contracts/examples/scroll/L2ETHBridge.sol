// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IScrollMessenger} from "../../interfaces/IScrollMessenger.sol";
import {ScrollBridgeBase} from "./ScrollBridgeBase.sol";
import {L1ETHBridge} from "./L1ETHBridge.sol";

/// @title L2ETHBridge
/// @notice Example: credits ETH deposited on L1 and starts withdrawals back to L1. The ETH of a
/// deposit arrives as the relayed message's value; a withdrawal's ETH goes into the L2ScrollMessenger.
contract L2ETHBridge is ScrollBridgeBase {
    /// @notice Emitted when a deposit from L1 pays `amount` wei to `to`.
    event FinalizeDepositETH(address indexed from, address indexed to, uint256 amount);
    /// @notice Emitted when `from` withdraws `amount` wei for `to` on L1.
    event WithdrawETH(address indexed from, address indexed to, uint256 amount);

    /// @notice The relayed value does not match the deposit.
    error ValueMismatch();

    constructor(IScrollMessenger _messenger) ScrollBridgeBase(_messenger) {}

    /// @notice Pays out a deposit made on L1; only as a message from the L1 bridge.
    /// @param from The L1 depositor.
    /// @param to The L2 recipient.
    /// @param amount The wei deposited (the message's value).
    function finalizeDepositETH(address from, address to, uint256 amount) external payable onlyCounterpart {
        if (msg.value != amount) revert ValueMismatch();
        _sendETH(to, amount);
        emit FinalizeDepositETH(from, to, amount);
    }

    /// @notice Withdraws `msg.value` wei to `to` on L1 (claimable there once the batch is finalized).
    /// @param to The L1 recipient.
    /// @param gasLimit Recorded in the message; the L1 claimer chooses the actual gas.
    function withdrawETH(address to, uint256 gasLimit) external payable {
        bytes memory message = abi.encodeCall(L1ETHBridge.finalizeWithdrawETH, (msg.sender, to, msg.value));
        messenger.sendMessage{value: msg.value}(counterpart, msg.value, message, gasLimit);
        emit WithdrawETH(msg.sender, to, msg.value);
    }
}
