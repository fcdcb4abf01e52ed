// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IScrollMessenger} from "../../interfaces/IScrollMessenger.sol";
import {ScrollBridgeBase} from "./ScrollBridgeBase.sol";
import {BridgedERC20} from "./BridgedERC20.sol";
import {L1ERC20Bridge} from "./L1ERC20Bridge.sol";

/// @title L2ERC20Bridge
/// @notice Example: mints the L2 representation of the L1 token on deposit and burns it to
/// withdraw back to L1.
contract L2ERC20Bridge is ScrollBridgeBase {
    /// @notice Emitted when a deposit from L1 mints `amount` to `to`.
    event FinalizeDepositERC20(address indexed from, address indexed to, uint256 amount);
    /// @notice Emitted when `from` burns `amount` to withdraw to `to` on L1.
    event WithdrawERC20(address indexed from, address indexed to, uint256 amount);

    /// @notice The token this bridge mints and burns; deployed by the bridge so only it can.
    BridgedERC20 public immutable token;

    constructor(
        IScrollMessenger _messenger,
        address _l1Token,
        string memory _name,
        string memory _symbol
    ) ScrollBridgeBase(_messenger) {
        token = new BridgedERC20(_name, _symbol, _l1Token);
    }

    /// @notice Mints a deposit made on L1; only as a message from the L1 bridge.
    /// @param from The L1 depositor.
    /// @param to The L2 recipient.
    /// @param amount The amount deposited.
    function finalizeDepositERC20(address from, address to, uint256 amount) external onlyCounterpart {
        token.mint(to, amount);
        emit FinalizeDepositERC20(from, to, amount);
    }

    /// @notice Burns `amount` of the caller's tokens and sends a withdrawal to `to` on L1.
    /// @param to The L1 recipient.
    /// @param amount The amount to withdraw.
    /// @param gasLimit Recorded in the message; the L1 claimer chooses the actual gas.
    function withdrawERC20(address to, uint256 amount, uint256 gasLimit) external {
        token.burn(msg.sender, amount);
        bytes memory message = abi.encodeCall(L1ERC20Bridge.finalizeWithdrawERC20, (msg.sender, to, amount));
        messenger.sendMessage(counterpart, 0, message, gasLimit);
        emit WithdrawERC20(msg.sender, to, amount);
    }
}
