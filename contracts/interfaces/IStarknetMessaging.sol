// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IStarknetMessaging
/// @notice The L1 messaging surface of StarkNet's core contract (`StarknetMessaging` in
/// starkware-libs/cairo-lang), as an L1 dapp uses it: send fee-carrying messages to L2 handlers, consume
/// messages proven by a state update, and cancel an L1 to L2 message the sequencer never handled.
/// @dev The ABI is the real one, so a dapp written against StarkNet's core contract runs unchanged here.
interface IStarknetMessaging {
    /// @notice An L2 to L1 message became consumable because a proven state update carried it.
    event LogMessageToL1(uint256 indexed fromAddress, address indexed toAddress, uint256[] payload);

    /// @notice An L1 to L2 message was sent; the sequencer delivers it to `toAddress`'s handler `selector`.
    event LogMessageToL2(
        address indexed fromAddress,
        uint256 indexed toAddress,
        uint256 indexed selector,
        uint256[] payload,
        uint256 nonce,
        uint256 fee
    );

    /// @notice An L2 to L1 message was consumed by its recipient.
    event ConsumedMessageToL1(uint256 indexed fromAddress, address indexed toAddress, uint256[] payload);

    /// @notice A state update proved that L2 handled this L1 to L2 message; its fee went to the fee collector.
    event ConsumedMessageToL2(
        address indexed fromAddress,
        uint256 indexed toAddress,
        uint256 indexed selector,
        uint256[] payload,
        uint256 nonce
    );

    /// @notice The sender of an L1 to L2 message asked to cancel it; the cancellation delay starts now.
    event MessageToL2CancellationStarted(
        address indexed fromAddress,
        uint256 indexed toAddress,
        uint256 indexed selector,
        uint256[] payload,
        uint256 nonce
    );

    /// @notice An L1 to L2 message was cancelled after the delay; L2 can no longer consume it.
    event MessageToL2Canceled(
        address indexed fromAddress,
        uint256 indexed toAddress,
        uint256 indexed selector,
        uint256[] payload,
        uint256 nonce
    );

    /// @notice The largest fee an L1 to L2 message may carry (1 ether).
    function getMaxL1MsgFee() external pure returns (uint256);

    /// @notice `fee + 1` while the L1 to L2 message `msgHash` is pending, 0 once consumed or cancelled (or never sent).
    function l1ToL2Messages(bytes32 msgHash) external view returns (uint256);

    /// @notice How many copies of the L2 to L1 message `msgHash` are proven and not yet consumed.
    function l2ToL1Messages(bytes32 msgHash) external view returns (uint256);

    /// @notice The nonce the next L1 to L2 message will carry (the first message gets 0).
    function l1ToL2MessageNonce() external view returns (uint256);

    /// @notice Seconds between a cancellation request and the moment the message may be cancelled.
    function messageCancellationDelay() external view returns (uint256);

    /// @notice When the cancellation of `msgHash` was last requested (0: never).
    function l1ToL2MessageCancellations(bytes32 msgHash) external view returns (uint256);

    /// @notice The hash identifying an L1 to L2 message: `keccak(from, to, nonce, selector, payload.length, payload)`.
    function l1ToL2MsgHash(
        address fromAddress,
        uint256 toAddress,
        uint256 selector,
        uint256[] calldata payload,
        uint256 nonce
    ) external pure returns (bytes32);

    /// @notice The hash identifying an L2 to L1 message: `keccak(from, to, payload.length, payload)`.
    function l2ToL1MsgHash(
        uint256 fromAddress,
        address toAddress,
        uint256[] calldata payload
    ) external pure returns (bytes32);

    /// @notice Sends a message to the L2 contract `toAddress`, to be handled by its handler `selector`.
    /// @dev `msg.value` is the fee, paid to the fee collector once a state update consumes the message.
    /// Reverts with "L1_MSG_FEE_MUST_BE_GREATER_THAN_0" or "MAX_L1_MSG_FEE_EXCEEDED".
    /// @return The message hash and the message nonce.
    function sendMessageToL2(
        uint256 toAddress,
        uint256 selector,
        uint256[] calldata payload
    ) external payable returns (bytes32, uint256);

    /// @notice Consumes one copy of a proven message that the L2 contract `fromAddress` sent to the caller.
    /// @dev Reverts with "INVALID_MESSAGE_TO_CONSUME" if no copy is left.
    /// @return The message hash.
    function consumeMessageFromL2(uint256 fromAddress, uint256[] calldata payload) external returns (bytes32);

    /// @notice Starts (or restarts) the cancellation delay of a pending message the caller sent.
    /// @dev Reverts with "NO_MESSAGE_TO_CANCEL" if the message is not pending.
    /// @return The message hash.
    function startL1ToL2MessageCancellation(
        uint256 toAddress,
        uint256 selector,
        uint256[] calldata payload,
        uint256 nonce
    ) external returns (bytes32);

    /// @notice Cancels a pending message the caller sent, once the cancellation delay has passed.
    /// @dev The fee is not refunded. Reverts with "NO_MESSAGE_TO_CANCEL", "MESSAGE_CANCELLATION_NOT_REQUESTED",
    /// "CANCEL_ALLOWED_TIME_OVERFLOW" or "MESSAGE_CANCELLATION_NOT_ALLOWED_YET".
    /// @return The message hash.
    function cancelL1ToL2Message(
        uint256 toAddress,
        uint256 selector,
        uint256[] calldata payload,
        uint256 nonce
    ) external returns (bytes32);
}
