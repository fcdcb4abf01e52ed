// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IStarknetL2Messaging
/// @notice The L2 side of the simulated StarkNet messaging, at the fixed address
/// `0x5354000000000000000000000000000000000001` of the StarkNet L2 chain.
/// @dev StarkNet's L2 is simulated on the EVM: this contract stands in for the `send_message_to_l1` syscall and
/// for the OS executing `l1_handler` transactions. Handlers are EVM functions `f(uint256 fromAddress,
/// uint256[] payload)` whose 4-byte selector the L1 sender passes as `selector`.
interface IStarknetL2Messaging {
    /// @notice An L2 contract sent a message to L1; it becomes consumable there after a proven state update.
    event MessageToL1Sent(
        uint256 indexed fromAddress,
        address indexed toAddress,
        bytes32 indexed msgHash,
        uint256[] payload
    );

    /// @notice The sequencer delivered the L1 to L2 message `nonce` and its handler succeeded.
    event L1HandlerExecuted(
        uint256 indexed nonce,
        bytes32 indexed msgHash,
        address indexed toAddress,
        uint256 fromAddress,
        uint256 selector,
        uint256[] payload
    );

    /// @notice The sequencer delivered the L1 to L2 message `nonce` and its handler failed; the message stays
    /// pending on L1, where its sender may cancel it.
    event L1HandlerReverted(uint256 indexed nonce, bytes32 indexed msgHash, address indexed toAddress, bytes revertData);

    /// @notice Sends a message from the caller to the L1 address `toAddress`.
    /// @dev Reverts with "TO_ADDRESS_OUT_OF_RANGE" (`toAddress >= 2^160`) or "PAYLOAD_VALUE_OUT_OF_RANGE" (a word
    /// that is not a felt).
    /// @return msgHash The L2 to L1 message hash, as StarknetCore computes it when consuming.
    function sendMessageToL1(uint256 toAddress, uint256[] calldata payload) external returns (bytes32 msgHash);

    /// @notice Delivers the L1 to L2 message `nonce` to its handler. Only the sequencer ("ONLY_SEQUENCER").
    /// @dev Each nonce is handled once whatever the outcome ("NONCE_ALREADY_HANDLED"); a message with no fee
    /// ("INSUFFICIENT_FEE") or a word that is not a felt ("FELT_OUT_OF_RANGE") is refused. A failing handler
    /// does not revert this call.
    /// @return success Whether the handler ran and returned normally.
    function handleL1Message(
        uint256 fromAddress,
        uint256 toAddress,
        uint256 selector,
        uint256[] calldata payload,
        uint256 nonce,
        uint256 paidFeeOnL1
    ) external returns (bool success);

    /// @notice The outcome of the L1 to L2 message `nonce`: 0 not handled, 1 executed, 2 reverted.
    function l1HandlerStatus(uint256 nonce) external view returns (uint8);

    /// @notice The only account allowed to deliver L1 to L2 messages.
    function sequencer() external view returns (address);
}
