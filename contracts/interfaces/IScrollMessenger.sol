// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IScrollMessenger
/// @notice What Scroll's L1 and L2 messengers share: sending a message to the other layer and
/// telling a receiver who sent the message it is executing.
interface IScrollMessenger {
    /// @notice Emitted when a message is sent to the other layer.
    /// @param sender The caller of `sendMessage` (the message's `from`).
    /// @param target The address the message will call on the other layer.
    /// @param value The ETH the call carries on the other layer.
    /// @param messageNonce L1→L2: the queue index; L2→L1: the withdraw-trie leaf index.
    /// @param gasLimit The gas limit for the call on the other layer.
    /// @param message The calldata of that call.
    event SentMessage(
        address indexed sender,
        address indexed target,
        uint256 value,
        uint256 messageNonce,
        uint256 gasLimit,
        bytes message
    );

    /// @notice Emitted when a message from the other layer is executed successfully.
    event RelayedMessage(bytes32 indexed messageHash);

    /// @notice Emitted when a message from the other layer was executed and its call reverted.
    event FailedRelayedMessage(bytes32 indexed messageHash);

    /// @notice Emitted when the owner changes the fee vault.
    event UpdateFeeVault(address _oldFeeVault, address _newFeeVault);

    /// @notice Emitted when the owner turns the sender whitelist on, off (zero) or moves it.
    event UpdateWhitelist(address _oldWhitelist, address _newWhitelist);

    /// @notice The sender of the message being executed, `address(1)` when none is.
    /// @dev Receivers must also check that `msg.sender` is this messenger.
    function xDomainMessageSender() external view returns (address);

    /// @notice The messenger on the other layer.
    function counterpart() external view returns (address);

    /// @notice Where the L1 messaging fee goes.
    function feeVault() external view returns (address);

    /// @notice The sender whitelist, or the zero address when anyone may send.
    function whitelist() external view returns (address);

    /// @notice When the message with this hash was sent, 0 if it never was.
    function messageSendTimestamp(bytes32 messageHash) external view returns (uint256);

    /// @notice Sends a message with no ETH value; `msg.value` pays the fee and the rest is refunded
    /// to the caller (the seed's form).
    /// @param _to The address to call on the other layer.
    /// @param _message The calldata of that call.
    /// @param _gasLimit The gas limit for that call.
    function sendMessage(address _to, bytes memory _message, uint256 _gasLimit) external payable;

    /// @notice Sends a message carrying `value` wei; what `msg.value` holds beyond the value and the
    /// fee is refunded to the caller.
    /// @param target The address to call on the other layer.
    /// @param value The ETH the call carries.
    /// @param message The calldata of that call.
    /// @param gasLimit The gas limit for that call.
    function sendMessage(address target, uint256 value, bytes calldata message, uint256 gasLimit) external payable;

    /// @notice Same as the four-argument form, refunding the excess to `refundAddress`.
    /// @param target The address to call on the other layer.
    /// @param value The ETH the call carries.
    /// @param message The calldata of that call.
    /// @param gasLimit The gas limit for that call.
    /// @param refundAddress Who gets the excess of `msg.value`.
    function sendMessage(
        address target,
        uint256 value,
        bytes calldata message,
        uint256 gasLimit,
        address refundAddress
    ) external payable;
}
