// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IScrollMessenger} from "../interfaces/IScrollMessenger.sol";
import {IL2ScrollMessenger} from "../interfaces/IL2ScrollMessenger.sol";
import {IL2MessageQueue} from "../interfaces/IL2MessageQueue.sol";
import {ScrollMessengerBase} from "./ScrollMessengerBase.sol";
import {AddressAliasHelper} from "./libraries/AddressAliasHelper.sol";
import {XDomainMessage} from "./libraries/XDomainMessage.sol";

/// @title L2ScrollMessenger
/// @notice Sends L2→L1 messages by appending their hashes to the withdraw trie, and executes the
/// L1→L2 messages that the sequencer includes as L1 message transactions.
/// @dev Installed with `hardhat_setCode`; all configuration comes from {initialize}. Relayed values
/// are paid from this contract's balance (2^247 wei at install, like Scroll's genesis).
contract L2ScrollMessenger is ScrollMessengerBase, IL2ScrollMessenger {
    /// @inheritdoc IL2ScrollMessenger
    address public override messageQueue;

    /// @inheritdoc IL2ScrollMessenger
    mapping(bytes32 => bool) public override isL1MessageExecuted;

    /// @notice Configures the messenger; callable once.
    /// @param _owner Administers pause, fee vault and whitelist.
    /// @param _counterpart The L1ScrollMessenger, whose alias alone may relay.
    /// @param _feeVault Kept for symmetry with L1 (L2→L1 messages carry no fee).
    /// @param _messageQueue The L2MessageQueue (0x5300000000000000000000000000000000000000).
    /// @param _whitelist The sender whitelist, or zero for none.
    function initialize(
        address _owner,
        address _counterpart,
        address _feeVault,
        address _messageQueue,
        address _whitelist
    ) external initializer {
        require(_messageQueue != address(0), "zero address");
        __ScrollMessengerBase_init(_owner, _counterpart, _feeVault, _whitelist);
        messageQueue = _messageQueue;
    }

    /*************************
     * Sending (L2 → L1)     *
     *************************/

    /// @inheritdoc IScrollMessenger
    /// @dev L2→L1 messages cost nothing on L2, so the whole `msg.value` is returned.
    function sendMessage(
        address _to,
        bytes memory _message,
        uint256 _gasLimit
    ) external payable override whenNotPaused onlyWhitelistedSender {
        _sendMessage(_to, 0, _message, _gasLimit);
        if (msg.value > 0) {
            (bool success, ) = msg.sender.call{value: msg.value}("");
            require(success, "Failed to refund the fee");
        }
    }

    /// @inheritdoc IScrollMessenger
    function sendMessage(
        address _to,
        uint256 _value,
        bytes calldata _message,
        uint256 _gasLimit
    ) external payable override whenNotPaused onlyWhitelistedSender {
        require(msg.value == _value, "msg.value mismatch");
        _sendMessage(_to, _value, _message, _gasLimit);
    }

    /// @inheritdoc IScrollMessenger
    /// @dev There is nothing to refund on L2, so `_refundAddress` is ignored (as on Scroll).
    function sendMessage(
        address _to,
        uint256 _value,
        bytes calldata _message,
        uint256 _gasLimit,
        address /* _refundAddress */
    ) external payable override whenNotPaused onlyWhitelistedSender {
        require(msg.value == _value, "msg.value mismatch");
        _sendMessage(_to, _value, _message, _gasLimit);
    }

    /*************************
     * Relaying (L1 → L2)    *
     *************************/

    /// @inheritdoc IL2ScrollMessenger
    function relayMessage(
        address _from,
        address _to,
        uint256 _value,
        uint256 _nonce,
        bytes calldata _message
    ) external override whenNotPaused onlyWhitelistedSender {
        // Only an L1 message transaction from the L1 messenger carries its alias as sender: no L2
        // account or contract can produce it.
        require(AddressAliasHelper.undoL1ToL2Alias(msg.sender) == counterpart, "Caller is not L1ScrollMessenger");

        bytes32 messageHash = XDomainMessage.hash(_from, _to, _value, _nonce, _message);
        require(!isL1MessageExecuted[messageHash], "Message was already successfully executed");

        require(_to != messageQueue, "Forbid to call message queue");
        _validateTargetAddress(_to);
        require(_from != xDomainMessageSender, "Invalid message sender");

        // A failure leaves the message unexecuted so a replay from L1 can run it again.
        if (_execute(_from, _to, _value, _message)) {
            isL1MessageExecuted[messageHash] = true;
            emit RelayedMessage(messageHash);
        } else {
            emit FailedRelayedMessage(messageHash);
        }
    }

    /*************************
     * Internals             *
     *************************/

    /// @dev The nonce is the leaf index the hash is about to take, so a claim on L1 can locate it.
    function _sendMessage(address _to, uint256 _value, bytes memory _message, uint256 _gasLimit) internal nonReentrant {
        IL2MessageQueue queue = IL2MessageQueue(messageQueue);
        uint256 nonce = queue.nextMessageIndex();
        bytes32 messageHash = XDomainMessage.hash(msg.sender, _to, _value, nonce, _message);

        // Nonces never repeat, so this only fires if the queue was tampered with.
        require(messageSendTimestamp[messageHash] == 0, "Duplicated message");
        messageSendTimestamp[messageHash] = block.timestamp;

        queue.appendMessage(messageHash);

        // `_gasLimit` has no effect on L2→L1 messages (the claimer picks the gas); it is only logged.
        emit SentMessage(msg.sender, _to, _value, nonce, _gasLimit, _message);
    }
}
