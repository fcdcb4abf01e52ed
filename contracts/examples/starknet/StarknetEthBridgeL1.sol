// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {IStarknetMessaging} from "../../interfaces/IStarknetMessaging.sol";

/// @title StarknetEthBridgeL1
/// @notice Demo: the L1 half of an ETH bridge to the simulated StarkNet. A deposit locks ETH here and sends an
/// L1 to L2 message (with its fee) to {StarknetEthBridgeL2}; a withdrawal consumes the L2 to L1 message once
/// a state update proved it and pays the ETH out; a deposit L2 never handled can be cancelled and refunded
/// after the cancellation delay.
/// @dev Payloads are `[account, amount]` in both directions.
contract StarknetEthBridgeL1 is Ownable {
    /// @notice `bytes4(keccak256("deposit(uint256,uint256[])"))`, the L2 bridge's deposit handler.
    uint256 public constant DEPOSIT_SELECTOR = 0xde3ab781;

    /// @dev Amounts are capped so that every payload word is a felt and the deposit is always deliverable.
    uint256 public constant MAX_AMOUNT = type(uint128).max;

    /// @notice The StarkNet core contract.
    IStarknetMessaging public immutable starknetCore;

    /// @notice The L2 bridge, set once by the owner (the two halves cannot both know each other at deployment).
    uint256 public l2Bridge;

    /// @notice Who made each pending deposit, by message hash: only they may cancel it.
    mapping(bytes32 msgHash => address depositor) public depositors;

    event L2BridgeSet(uint256 l2Bridge);
    event DepositInitiated(
        address indexed depositor,
        uint256 indexed l2Recipient,
        bytes32 indexed msgHash,
        uint256 amount,
        uint256 fee,
        uint256 nonce
    );
    event WithdrawalFinalized(address indexed recipient, uint256 amount, bytes32 msgHash);
    event DepositCancellationStarted(address indexed depositor, bytes32 indexed msgHash);
    event DepositCancelled(address indexed depositor, bytes32 indexed msgHash, uint256 amount);

    /// @param starknetCore_ The StarkNet core contract.
    /// @param owner_ The account allowed to set the L2 bridge.
    constructor(IStarknetMessaging starknetCore_, address owner_) Ownable(owner_) {
        starknetCore = starknetCore_;
    }

    /// @notice Sets the L2 bridge, once.
    function setL2Bridge(uint256 l2Bridge_) external onlyOwner {
        require(l2Bridge == 0, "L2_BRIDGE_ALREADY_SET");
        require(l2Bridge_ != 0 && l2Bridge_ <= type(uint160).max, "INVALID_L2_BRIDGE");
        l2Bridge = l2Bridge_;
        emit L2BridgeSet(l2Bridge_);
    }

    /// @notice Locks `amount` and credits it to `l2Recipient` on L2; the rest of `msg.value` is the message fee.
    /// @return msgHash The L1 to L2 message hash.
    /// @return nonce The message nonce (needed to cancel).
    function deposit(uint256 l2Recipient, uint256 amount) external payable returns (bytes32 msgHash, uint256 nonce) {
        require(l2Bridge != 0, "L2_BRIDGE_NOT_SET");
        require(l2Recipient != 0 && l2Recipient <= type(uint160).max, "INVALID_L2_RECIPIENT");
        require(amount <= MAX_AMOUNT, "AMOUNT_TOO_LARGE");
        require(msg.value >= amount, "VALUE_BELOW_AMOUNT");
        uint256 fee = msg.value - amount;
        // The fee rules (0 < fee <= 1 ether) are StarknetCore's, and it reports them with its own errors.
        // Recording the depositor after the call is safe: the core is the trusted system contract.
        (msgHash, nonce) = starknetCore.sendMessageToL2{value: fee}(
            l2Bridge,
            DEPOSIT_SELECTOR,
            _payload(l2Recipient, amount)
        );
        depositors[msgHash] = msg.sender;
        emit DepositInitiated(msg.sender, l2Recipient, msgHash, amount, fee, nonce);
    }

    /// @notice Pays out a withdrawal that the L2 bridge sent and a state update proved.
    /// @dev Anyone may call: the ETH always goes to the recipient named on L2. Reverts with StarknetCore's
    /// "INVALID_MESSAGE_TO_CONSUME" if no such withdrawal is consumable.
    function finalizeWithdrawal(address recipient, uint256 amount) external {
        bytes32 msgHash = starknetCore.consumeMessageFromL2(l2Bridge, _payload(uint256(uint160(recipient)), amount));
        emit WithdrawalFinalized(recipient, amount, msgHash);
        (bool success, ) = recipient.call{value: amount}("");
        require(success, "WITHDRAWAL_TRANSFER_FAILED");
    }

    /// @notice Asks to cancel one of the caller's deposits; it can be cancelled after the delay.
    function startDepositCancellation(uint256 l2Recipient, uint256 amount, uint256 nonce) external {
        uint256[] memory payload = _payload(l2Recipient, amount);
        bytes32 msgHash = starknetCore.l1ToL2MsgHash(address(this), l2Bridge, DEPOSIT_SELECTOR, payload, nonce);
        require(depositors[msgHash] == msg.sender, "NOT_DEPOSITOR");
        starknetCore.startL1ToL2MessageCancellation(l2Bridge, DEPOSIT_SELECTOR, payload, nonce);
        emit DepositCancellationStarted(msg.sender, msgHash);
    }

    /// @notice Cancels one of the caller's deposits after the delay and refunds the amount (not the fee).
    function cancelDeposit(uint256 l2Recipient, uint256 amount, uint256 nonce) external {
        uint256[] memory payload = _payload(l2Recipient, amount);
        bytes32 msgHash = starknetCore.l1ToL2MsgHash(address(this), l2Bridge, DEPOSIT_SELECTOR, payload, nonce);
        require(depositors[msgHash] == msg.sender, "NOT_DEPOSITOR");
        delete depositors[msgHash];
        starknetCore.cancelL1ToL2Message(l2Bridge, DEPOSIT_SELECTOR, payload, nonce);
        emit DepositCancelled(msg.sender, msgHash, amount);
        (bool success, ) = msg.sender.call{value: amount}("");
        require(success, "REFUND_FAILED");
    }

    function _payload(uint256 account, uint256 amount) private pure returns (uint256[] memory payload) {
        payload = new uint256[](2);
        payload[0] = account;
        payload[1] = amount;
    }
}
