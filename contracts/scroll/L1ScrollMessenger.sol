// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IScrollMessenger} from "../interfaces/IScrollMessenger.sol";
import {IL1ScrollMessenger} from "../interfaces/IL1ScrollMessenger.sol";
import {IL1MessageQueue} from "../interfaces/IL1MessageQueue.sol";
import {IScrollChain} from "../interfaces/IScrollChain.sol";
import {IMessageDropCallback} from "../interfaces/IMessageDropCallback.sol";
import {ScrollMessengerBase} from "./ScrollMessengerBase.sol";
import {ScrollConstants} from "./libraries/ScrollConstants.sol";
import {XDomainMessage} from "./libraries/XDomainMessage.sol";
import {WithdrawTrie} from "./libraries/WithdrawTrie.sol";

/// @title L1ScrollMessenger
/// @notice Sends L1→L2 messages through the L1MessageQueue (charging `gasLimit × l2BaseFee`),
/// replays or drops them, and executes L2→L1 messages proven against finalized withdraw roots.
/// @dev Installed with `hardhat_setCode`; all configuration comes from {initialize}.
contract L1ScrollMessenger is ScrollMessengerBase, IL1ScrollMessenger {
    /// @dev `times` replays so far and the queue index of the latest copy (0: never replayed).
    struct ReplayState {
        uint128 times;
        uint128 lastIndex;
    }

    /// @inheritdoc IL1ScrollMessenger
    address public override rollup;

    /// @inheritdoc IL1ScrollMessenger
    address public override messageQueue;

    /// @inheritdoc IL1ScrollMessenger
    uint256 public override maxReplayTimes;

    /// @inheritdoc IL1ScrollMessenger
    mapping(bytes32 => bool) public override isL2MessageExecuted;

    /// @inheritdoc IL1ScrollMessenger
    mapping(bytes32 => bool) public override isL1MessageDropped;

    /// @inheritdoc IL1ScrollMessenger
    mapping(uint256 => uint256) public override prevReplayIndex;

    /// @inheritdoc IL1ScrollMessenger
    mapping(bytes32 => ReplayState) public override replayStates;

    /// @notice Configures the messenger; callable once.
    /// @param _owner Administers pause, fee vault, whitelist and replay limit.
    /// @param _counterpart The L2ScrollMessenger.
    /// @param _feeVault Receives messaging fees.
    /// @param _rollup The ZKRollup holding finalized withdraw roots.
    /// @param _messageQueue The L1MessageQueue.
    /// @param _whitelist The sender whitelist, or zero for none.
    function initialize(
        address _owner,
        address _counterpart,
        address _feeVault,
        address _rollup,
        address _messageQueue,
        address _whitelist
    ) external initializer {
        require(_rollup != address(0) && _messageQueue != address(0), "zero address");
        __ScrollMessengerBase_init(_owner, _counterpart, _feeVault, _whitelist);
        rollup = _rollup;
        messageQueue = _messageQueue;
        maxReplayTimes = ScrollConstants.DEFAULT_MAX_REPLAY_TIMES;
        emit UpdateMaxReplayTimes(0, ScrollConstants.DEFAULT_MAX_REPLAY_TIMES);
    }

    /*************************
     * Sending (L1 → L2)     *
     *************************/

    /// @inheritdoc IScrollMessenger
    function sendMessage(
        address _to,
        bytes memory _message,
        uint256 _gasLimit
    ) external payable override whenNotPaused onlyWhitelistedSender {
        _sendMessage(_to, 0, _message, _gasLimit, msg.sender);
    }

    /// @inheritdoc IScrollMessenger
    function sendMessage(
        address _to,
        uint256 _value,
        bytes calldata _message,
        uint256 _gasLimit
    ) external payable override whenNotPaused onlyWhitelistedSender {
        _sendMessage(_to, _value, _message, _gasLimit, msg.sender);
    }

    /// @inheritdoc IScrollMessenger
    function sendMessage(
        address _to,
        uint256 _value,
        bytes calldata _message,
        uint256 _gasLimit,
        address _refundAddress
    ) external payable override whenNotPaused onlyWhitelistedSender {
        _sendMessage(_to, _value, _message, _gasLimit, _refundAddress);
    }

    /*************************
     * Claiming (L2 → L1)    *
     *************************/

    /// @inheritdoc IL1ScrollMessenger
    function relayMessageWithProof(
        address _from,
        address _to,
        uint256 _value,
        uint256 _nonce,
        bytes memory _message,
        L2MessageProof memory _proof
    ) external override whenNotPaused notInExecution {
        bytes32 messageHash = XDomainMessage.hash(_from, _to, _value, _nonce, _message);
        require(!isL2MessageExecuted[messageHash], "Message was already successfully executed");

        IScrollChain chain = IScrollChain(rollup);
        require(chain.isBatchFinalized(_proof.batchIndex), "Batch is not finalized");
        require(
            WithdrawTrie.verifyMerkleProof(chain.withdrawRoots(_proof.batchIndex), messageHash, _nonce, _proof.merkleProof),
            "Invalid proof"
        );

        // The queue would accept a call from its messenger as an enqueue; the messenger itself
        // would let a message rewrite its own records.
        require(_to != messageQueue, "Forbid to call message queue");
        _validateTargetAddress(_to);
        require(_from != xDomainMessageSender, "Invalid message sender");

        // A failed call is recorded but not marked executed, so the claim can be retried (for
        // instance once the target is fixed or this messenger holds enough ETH).
        if (_execute(_from, _to, _value, _message)) {
            isL2MessageExecuted[messageHash] = true;
            emit RelayedMessage(messageHash);
        } else {
            emit FailedRelayedMessage(messageHash);
        }
    }

    /*************************
     * Recovery (L1 → L2)    *
     *************************/

    /// @inheritdoc IL1ScrollMessenger
    function replayMessage(
        address _from,
        address _to,
        uint256 _value,
        uint256 _messageNonce,
        bytes memory _message,
        uint32 _newGasLimit,
        address _refundAddress
    ) external payable override whenNotPaused notInExecution nonReentrant {
        // The copy carries the original nonce, so on L2 it has the original hash: whichever copy
        // succeeds first marks the message executed and the others revert there.
        bytes memory xDomainCalldata = XDomainMessage.encodeCalldata(_from, _to, _value, _messageNonce, _message);
        bytes32 messageHash = keccak256(xDomainCalldata);
        require(messageSendTimestamp[messageHash] > 0, "Provided message has not been enqueued");
        require(!isL1MessageDropped[messageHash], "Message already dropped");

        IL1MessageQueue queue = IL1MessageQueue(messageQueue);
        uint256 fee = queue.estimateCrossDomainMessageFee(_newGasLimit);
        require(msg.value >= fee, "Insufficient msg.value for fee");
        _payFee(fee);

        uint256 queueIndex = queue.nextCrossDomainMessageIndex();
        queue.appendCrossDomainMessage(counterpart, _newGasLimit, xDomainCalldata);

        // Link the copies newest to oldest (+1 so that 0 means "no earlier copy") for dropMessage.
        ReplayState memory state = replayStates[messageHash];
        prevReplayIndex[queueIndex] = (state.lastIndex == 0 ? _messageNonce : uint256(state.lastIndex)) + 1;
        state.lastIndex = uint128(queueIndex);

        require(state.times < maxReplayTimes, "Exceed maximum replay times");
        unchecked {
            state.times += 1;
        }
        replayStates[messageHash] = state;

        _refund(msg.value - fee, _refundAddress);
    }

    /// @inheritdoc IL1ScrollMessenger
    function dropMessage(
        address _from,
        address _to,
        uint256 _value,
        uint256 _messageNonce,
        bytes memory _message
    ) external override whenNotPaused notInExecution nonReentrant {
        bytes32 messageHash = XDomainMessage.hash(_from, _to, _value, _messageNonce, _message);
        require(messageSendTimestamp[messageHash] > 0, "Provided message has not been enqueued");
        require(!isL1MessageDropped[messageHash], "Message already dropped");

        // Every copy must have been skipped by a finalized batch, or one may still execute on L2
        // and the value would be paid twice; the queue checks each copy.
        IL1MessageQueue queue = IL1MessageQueue(messageQueue);
        uint256 index = replayStates[messageHash].lastIndex;
        if (index == 0) index = _messageNonce;
        while (true) {
            queue.dropCrossDomainMessage(index);
            uint256 prev = prevReplayIndex[index];
            if (prev == 0) break;
            index = prev - 1;
        }

        isL1MessageDropped[messageHash] = true;

        xDomainMessageSender = ScrollConstants.DROP_XDOMAIN_MESSAGE_SENDER;
        IMessageDropCallback(_from).onDropMessage{value: _value}(_message);
        xDomainMessageSender = ScrollConstants.DEFAULT_XDOMAIN_MESSAGE_SENDER;
    }

    /// @notice Changes how many times a message may be replayed.
    /// @param _newMaxReplayTimes The new limit.
    function updateMaxReplayTimes(uint256 _newMaxReplayTimes) external onlyOwner {
        uint256 old = maxReplayTimes;
        maxReplayTimes = _newMaxReplayTimes;
        emit UpdateMaxReplayTimes(old, _newMaxReplayTimes);
    }

    /*************************
     * Internals             *
     *************************/

    /// @dev Steps in Scroll's order so the same input fails with the same reason; the fee vault is
    /// owner-chosen and the whole function is nonReentrant, so paying it before enqueueing is safe.
    function _sendMessage(
        address _to,
        uint256 _value,
        bytes memory _message,
        uint256 _gasLimit,
        address _refundAddress
    ) internal nonReentrant {
        IL1MessageQueue queue = IL1MessageQueue(messageQueue);
        uint256 nonce = queue.nextCrossDomainMessageIndex();
        bytes memory xDomainCalldata = XDomainMessage.encodeCalldata(msg.sender, _to, _value, nonce, _message);

        uint256 fee = queue.estimateCrossDomainMessageFee(_gasLimit);
        require(msg.value >= fee + _value, "Insufficient msg.value");
        _payFee(fee);

        queue.appendCrossDomainMessage(counterpart, _gasLimit, xDomainCalldata);

        bytes32 messageHash = keccak256(xDomainCalldata);
        // Nonces never repeat, so this only fires if the queue was tampered with.
        require(messageSendTimestamp[messageHash] == 0, "Duplicated message");
        messageSendTimestamp[messageHash] = block.timestamp;

        emit SentMessage(msg.sender, _to, _value, nonce, _gasLimit, _message);

        // `_value` stays here: it is what pays L2→L1 messages that carry value back.
        _refund(msg.value - fee - _value, _refundAddress);
    }

    function _payFee(uint256 _fee) private {
        if (_fee > 0) {
            (bool success, ) = feeVault.call{value: _fee}("");
            require(success, "Failed to deduct the fee");
        }
    }

    function _refund(uint256 _amount, address _refundAddress) private {
        if (_amount > 0) {
            (bool success, ) = _refundAddress.call{value: _amount}("");
            require(success, "Failed to refund the fee");
        }
    }
}
