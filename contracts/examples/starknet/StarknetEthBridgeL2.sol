// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {L1Handler} from "../../starknet/L1Handler.sol";

/// @title StarknetEthBridgeL2
/// @notice Demo: the L2 half of an ETH bridge on the simulated StarkNet. Deposits locked by
/// {StarknetEthBridgeL1} arrive as L1 messages and credit an L2 balance; withdrawals debit it and send a
/// message that lets the L1 bridge pay out once a state update has proven it.
/// @dev Payloads are `[account, amount]` in both directions.
contract StarknetEthBridgeL2 is L1Handler {
    /// @notice The L1 bridge, the only L1 sender whose deposits are honoured.
    uint256 public immutable l1Bridge;

    /// @notice L2 balances, in wei of the ETH locked on L1.
    mapping(address account => uint256 amount) public balanceOf;

    /// @notice A deposit from L1 credited `account`.
    event DepositHandled(address indexed account, uint256 amount);

    /// @notice `account` withdrew `amount` to `l1Recipient`; L1 pays it once the message is proven.
    event WithdrawalInitiated(address indexed account, address indexed l1Recipient, uint256 amount, bytes32 msgHash);

    /// @param l1Bridge_ The address of the L1 bridge.
    constructor(uint256 l1Bridge_) {
        l1Bridge = l1Bridge_;
    }

    /// @notice L1 handler for deposits (selector `0xde3ab781`): credits `payload[1]` to `payload[0]`.
    /// @dev Only through the messaging contract ("ONLY_L1_HANDLER"), and only from the L1 bridge: any L1
    /// account can send a message to this contract.
    /// @param fromAddress The L1 sender of the message.
    /// @param payload `[account, amount]`.
    function deposit(uint256 fromAddress, uint256[] calldata payload) external onlyL1Handler {
        require(fromAddress == l1Bridge, "WRONG_L1_SENDER");
        require(payload.length == 2, "INVALID_PAYLOAD");
        require(payload[0] <= type(uint160).max, "INVALID_ACCOUNT");
        address account = address(uint160(payload[0]));
        balanceOf[account] += payload[1];
        emit DepositHandled(account, payload[1]);
    }

    /// @notice Withdraws `amount` of the caller's balance to `l1Recipient` on L1.
    /// @dev The messaging contract accepts a zero L1 address; a bridge must refuse it or the funds are lost.
    /// @return msgHash The L2 to L1 message hash the L1 bridge will consume.
    function withdraw(address l1Recipient, uint256 amount) external returns (bytes32 msgHash) {
        require(l1Recipient != address(0), "ZERO_L1_RECIPIENT");
        uint256 balance = balanceOf[msg.sender];
        require(balance >= amount, "INSUFFICIENT_BALANCE");
        balanceOf[msg.sender] = balance - amount;

        uint256[] memory payload = new uint256[](2);
        payload[0] = uint256(uint160(l1Recipient));
        payload[1] = amount;
        msgHash = _sendMessageToL1(l1Bridge, payload);
        emit WithdrawalInitiated(msg.sender, l1Recipient, amount, msgHash);
    }
}
