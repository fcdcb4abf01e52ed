// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IL1MessageQueue} from "../interfaces/IL1MessageQueue.sol";
import {IWhitelist} from "../interfaces/IWhitelist.sol";
import {ScrollInitializable} from "./common/ScrollInitializable.sol";
import {ScrollOwnable} from "./common/ScrollOwnable.sol";
import {AddressAliasHelper} from "./libraries/AddressAliasHelper.sol";
import {L1MessageTx} from "./libraries/L1MessageTx.sol";

/// @title L1MessageQueue
/// @notice The ordered list of L1→L2 message transactions. The sequencer must include every entry
/// in order (or skip it, which a batch records); ZKRollup pops entries as their batch is finalized.
/// It also prices L1→L2 gas: `fee = gasLimit × l2BaseFee`, the base fee being set by the sequencer.
/// @dev Installed with `hardhat_setCode`; all configuration comes from {initialize}.
contract L1MessageQueue is ScrollInitializable, ScrollOwnable, IL1MessageQueue {
    uint256 private constant INTRINSIC_GAS_TX = 21000;
    uint256 private constant APPROPRIATE_INTRINSIC_GAS_PER_BYTE = 16;

    /// @dev Entry hashes by queue index; the array length is the next queue index.
    bytes32[] private messageQueue;

    /// @inheritdoc IL1MessageQueue
    uint256 public override pendingQueueIndex;

    /// @inheritdoc IL1MessageQueue
    uint256 public override maxGasLimit;

    /// @inheritdoc IL1MessageQueue
    uint256 public override l2BaseFee;

    /// @inheritdoc IL1MessageQueue
    address public override messenger;

    /// @inheritdoc IL1MessageQueue
    address public override scrollChain;

    /// @inheritdoc IL1MessageQueue
    address public override whitelistChecker;

    /// @dev Bit `i & 255` of word `i >> 8`: entry i was popped as skipped / was dropped.
    mapping(uint256 => uint256) private skippedMessageBitmap;
    mapping(uint256 => uint256) private droppedMessageBitmap;

    /// @notice Configures the queue; callable once.
    /// @param _owner Administers the gas cap and the whitelist checker.
    /// @param _messenger The L1ScrollMessenger, the only account that may enqueue and drop.
    /// @param _scrollChain The ZKRollup, the only account that may pop.
    /// @param _whitelistChecker Lists who may set the L2 base fee (the sequencer).
    /// @param _maxGasLimit Largest L2 gas limit an entry may ask for.
    function initialize(
        address _owner,
        address _messenger,
        address _scrollChain,
        address _whitelistChecker,
        uint256 _maxGasLimit
    ) external initializer {
        require(_owner != address(0) && _messenger != address(0) && _scrollChain != address(0), "zero address");
        _transferOwnership(_owner);
        messenger = _messenger;
        scrollChain = _scrollChain;
        whitelistChecker = _whitelistChecker;
        maxGasLimit = _maxGasLimit;
        emit UpdateWhitelistChecker(address(0), _whitelistChecker);
        emit UpdateMaxGasLimit(0, _maxGasLimit);
    }

    /*************************
     * Views                 *
     *************************/

    /// @inheritdoc IL1MessageQueue
    function nextCrossDomainMessageIndex() external view override returns (uint256) {
        return messageQueue.length;
    }

    /// @inheritdoc IL1MessageQueue
    function getCrossDomainMessage(uint256 _queueIndex) external view override returns (bytes32) {
        return messageQueue[_queueIndex];
    }

    /// @inheritdoc IL1MessageQueue
    function estimateCrossDomainMessageFee(uint256 _gasLimit) external view override returns (uint256) {
        return _gasLimit * l2BaseFee;
    }

    /// @inheritdoc IL1MessageQueue
    function calculateIntrinsicGasFee(bytes calldata _calldata) public pure override returns (uint256) {
        return INTRINSIC_GAS_TX + _calldata.length * APPROPRIATE_INTRINSIC_GAS_PER_BYTE;
    }

    /// @inheritdoc IL1MessageQueue
    function computeTransactionHash(
        address _sender,
        uint256 _queueIndex,
        uint256 _value,
        address _target,
        uint256 _gasLimit,
        bytes calldata _data
    ) public pure override returns (bytes32) {
        return L1MessageTx.hash(_sender, _queueIndex, _value, _target, _gasLimit, _data);
    }

    /// @inheritdoc IL1MessageQueue
    function isMessageSkipped(uint256 _queueIndex) public view override returns (bool) {
        if (_queueIndex >= pendingQueueIndex) return false;
        return _bit(skippedMessageBitmap, _queueIndex);
    }

    /// @inheritdoc IL1MessageQueue
    function isMessageDropped(uint256 _queueIndex) public view override returns (bool) {
        return _bit(droppedMessageBitmap, _queueIndex);
    }

    /*************************
     * Messenger             *
     *************************/

    /// @inheritdoc IL1MessageQueue
    function appendCrossDomainMessage(address _target, uint256 _gasLimit, bytes calldata _data) external override {
        require(msg.sender == messenger, "Only callable by the L1ScrollMessenger");
        require(_gasLimit <= maxGasLimit, "Gas limit must not exceed maxGasLimit");
        // An L1 message pays no L2 gas up front, so the gas limit must at least cover what the
        // transaction costs to include, or the sequencer could not execute it.
        require(_gasLimit >= calculateIntrinsicGasFee(_data), "Insufficient gas limit, must be above intrinsic gas");

        // The alias keeps an L1 contract from acting on L2 as the contract at the same address there.
        address sender = AddressAliasHelper.applyL1ToL2Alias(msg.sender);
        uint256 queueIndex = messageQueue.length;
        messageQueue.push(L1MessageTx.hash(sender, queueIndex, 0, _target, _gasLimit, _data));
        emit QueueTransaction(sender, _target, 0, uint64(queueIndex), _gasLimit, _data);
    }

    /// @inheritdoc IL1MessageQueue
    function dropCrossDomainMessage(uint256 _index) external override {
        require(msg.sender == messenger, "Only callable by the L1ScrollMessenger");
        require(_index < pendingQueueIndex, "cannot drop pending message");
        require(_bit(skippedMessageBitmap, _index), "drop non-skipped message");
        require(!_bit(droppedMessageBitmap, _index), "message already dropped");
        droppedMessageBitmap[_index >> 8] |= 1 << (_index & 0xff);
        emit DropTransaction(_index);
    }

    /*************************
     * Rollup                *
     *************************/

    /// @inheritdoc IL1MessageQueue
    function popCrossDomainMessage(uint256 _startIndex, uint256 _count, uint256 _skippedBitmap) external override {
        require(msg.sender == scrollChain, "Only callable by the ScrollChain");
        require(_count <= 256, "pop too many messages");
        require(pendingQueueIndex == _startIndex, "start index mismatch");

        unchecked {
            // Bits past `_count` belong to no popped entry; with _count = 256 the mask wraps to all ones.
            uint256 mask = _count == 256 ? type(uint256).max : (uint256(1) << _count) - 1;
            _skippedBitmap &= mask;

            // The popped range may straddle two bitmap words.
            uint256 bucket = _startIndex >> 8;
            uint256 offset = _startIndex & 0xff;
            skippedMessageBitmap[bucket] |= _skippedBitmap << offset;
            if (offset + _count > 256) {
                skippedMessageBitmap[bucket + 1] = _skippedBitmap >> (256 - offset);
            }
            pendingQueueIndex = _startIndex + _count;
        }

        emit DequeueTransaction(_startIndex, _count, _skippedBitmap);
    }

    /*************************
     * Sequencer and owner   *
     *************************/

    /// @inheritdoc IL1MessageQueue
    function setL2BaseFee(uint256 _newL2BaseFee) external override {
        if (!IWhitelist(whitelistChecker).isSenderAllowed(msg.sender)) revert ErrorNotWhitelistedSender();
        uint256 old = l2BaseFee;
        l2BaseFee = _newL2BaseFee;
        emit UpdateL2BaseFee(old, _newL2BaseFee);
    }

    /// @notice Changes the largest gas limit an entry may ask for.
    /// @param _newMaxGasLimit The new cap.
    function updateMaxGasLimit(uint256 _newMaxGasLimit) external onlyOwner {
        uint256 old = maxGasLimit;
        maxGasLimit = _newMaxGasLimit;
        emit UpdateMaxGasLimit(old, _newMaxGasLimit);
    }

    /// @notice Changes the whitelist deciding who may set the L2 base fee.
    /// @param _newWhitelistChecker The new whitelist.
    function updateWhitelistChecker(address _newWhitelistChecker) external onlyOwner {
        address old = whitelistChecker;
        whitelistChecker = _newWhitelistChecker;
        emit UpdateWhitelistChecker(old, _newWhitelistChecker);
    }

    function _bit(mapping(uint256 => uint256) storage bitmap, uint256 index) private view returns (bool) {
        return (bitmap[index >> 8] >> (index & 0xff)) & 1 == 1;
    }
}
