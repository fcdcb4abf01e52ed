// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IScrollMessenger} from "../../interfaces/IScrollMessenger.sol";
import {IMessageDropCallback} from "../../interfaces/IMessageDropCallback.sol";
import {ScrollConstants} from "../../scroll/libraries/ScrollConstants.sol";
import {ScrollBridgeBase} from "./ScrollBridgeBase.sol";
import {L2ERC20Bridge} from "./L2ERC20Bridge.sol";

/// @title L1ERC20Bridge
/// @notice Example: locks one L1 token on deposit (the L2 half mints its representation) and
/// releases it when a withdrawal (a burn on L2) is proven.
contract L1ERC20Bridge is ScrollBridgeBase, IMessageDropCallback {
    using SafeERC20 for IERC20;

    /// @notice Emitted when `from` locks `amount` for `to` on L2.
    event DepositERC20(address indexed from, address indexed to, uint256 amount);
    /// @notice Emitted when a withdrawal from L2 releases `amount` to `to`.
    event FinalizeWithdrawERC20(address indexed from, address indexed to, uint256 amount);
    /// @notice Emitted when a dropped deposit returns `amount` to `from`.
    event RefundERC20(address indexed from, uint256 amount);

    /// @notice The dropped message is not a deposit of this bridge.
    error UnknownMessage();

    /// @notice The L1 token this bridge locks.
    IERC20 public immutable token;

    constructor(IScrollMessenger _messenger, IERC20 _token) ScrollBridgeBase(_messenger) {
        token = _token;
    }

    /// @notice Locks `amount` (approved beforehand) and mints it to `to` on L2; `msg.value` pays
    /// the messaging fee and the excess is refunded.
    /// @param to The L2 recipient.
    /// @param amount The amount to bridge.
    /// @param gasLimit The gas limit of the L2 call.
    function depositERC20(address to, uint256 amount, uint256 gasLimit) external payable {
        // Pull first: the message must never promise tokens the bridge did not receive.
        token.safeTransferFrom(msg.sender, address(this), amount);
        bytes memory message = abi.encodeCall(L2ERC20Bridge.finalizeDepositERC20, (msg.sender, to, amount));
        messenger.sendMessage{value: msg.value}(counterpart, 0, message, gasLimit, msg.sender);
        emit DepositERC20(msg.sender, to, amount);
    }

    /// @notice Releases tokens for a withdrawal burnt on L2; only as a message from the L2 bridge.
    /// @param from The L2 account that withdrew.
    /// @param to The L1 recipient.
    /// @param amount The amount withdrawn.
    function finalizeWithdrawERC20(address from, address to, uint256 amount) external onlyCounterpart {
        token.safeTransfer(to, amount);
        emit FinalizeWithdrawERC20(from, to, amount);
    }

    /// @inheritdoc IMessageDropCallback
    /// @dev A deposit the sequencer skipped minted nothing on L2, so the locked tokens go back.
    function onDropMessage(bytes calldata message) external payable override {
        if (msg.sender != address(messenger) || messenger.xDomainMessageSender() != ScrollConstants.DROP_XDOMAIN_MESSAGE_SENDER) {
            revert NotCounterpart();
        }
        if (message.length < 4 || bytes4(message[0:4]) != L2ERC20Bridge.finalizeDepositERC20.selector) {
            revert UnknownMessage();
        }
        (address from, , uint256 amount) = abi.decode(message[4:], (address, address, uint256));
        token.safeTransfer(from, amount);
        emit RefundERC20(from, amount);
    }
}
