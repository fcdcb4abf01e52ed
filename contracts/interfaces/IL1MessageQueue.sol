// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IL1MessageQueue
/// @notice The queue of L1→L2 message transactions: L2 blocks must include its entries in order,
/// and batches pop them (or skip them) when they are finalized.
interface IL1MessageQueue {
    /// @notice Emitted when an L1 message transaction is enqueued.
    /// @param sender The L2 sender (the aliased L1 caller).
    /// @param target The L2 address called.
    /// @param value The ETH value of the transaction (0 for messenger traffic).
    /// @param queueIndex The entry's index.
    /// @param gasLimit The transaction's gas limit.
    /// @param data The transaction's calldata.
    event QueueTransaction(
        address indexed sender,
        address indexed target,
        uint256 value,
        uint64 queueIndex,
        uint256 gasLimit,
        bytes data
    );

    /// @notice Emitted when a finalized batch pops `count` entries from `startIndex`.
    /// @param skippedBitmap Bit i set: entry `startIndex + i` was skipped, not executed.
    event DequeueTransaction(uint256 startIndex, uint256 count, uint256 skippedBitmap);

    /// @notice Emitted when a skipped entry is dropped.
    event DropTransaction(uint256 index);

    /// @notice Emitted when the L2 base fee used to price L1→L2 messages changes.
    event UpdateL2BaseFee(uint256 oldL2BaseFee, uint256 newL2BaseFee);

    /// @notice Emitted when the owner changes the gas limit cap.
    event UpdateMaxGasLimit(uint256 _oldMaxGasLimit, uint256 _newMaxGasLimit);

    /// @notice Emitted when the owner changes who may set the L2 base fee.
    event UpdateWhitelistChecker(address _oldWhitelistChecker, address _newWhitelistChecker);

    /// @notice `setL2BaseFee` from an account the whitelist checker does not allow.
    error ErrorNotWhitelistedSender();

    /// @notice The only account allowed to enqueue.
    function messenger() external view returns (address);

    /// @notice The only account allowed to pop.
    function scrollChain() external view returns (address);

    /// @notice The whitelist deciding who may set the L2 base fee.
    function whitelistChecker() external view returns (address);

    /// @notice Largest gas limit an entry may have.
    function maxGasLimit() external view returns (uint256);

    /// @notice Price per unit of L1→L2 gas limit, in wei.
    function l2BaseFee() external view returns (uint256);

    /// @notice Index of the first entry not yet popped by a finalized batch.
    function pendingQueueIndex() external view returns (uint256);

    /// @notice Index the next entry will get (= number of entries).
    function nextCrossDomainMessageIndex() external view returns (uint256);

    /// @notice The hash of entry `queueIndex` (l2geth's L1MessageTx hash).
    function getCrossDomainMessage(uint256 queueIndex) external view returns (bytes32);

    /// @notice The fee for an L1→L2 message with this gas limit: `gasLimit × l2BaseFee`.
    function estimateCrossDomainMessageFee(uint256 gasLimit) external view returns (uint256);

    /// @notice The least gas limit an entry with this calldata may have: `21000 + 16·len`.
    function calculateIntrinsicGasFee(bytes calldata data) external pure returns (uint256);

    /// @notice `keccak256(0x7E ‖ rlp([queueIndex, gasLimit, target, value, data, sender]))`.
    function computeTransactionHash(
        address sender,
        uint256 queueIndex,
        uint256 value,
        address target,
        uint256 gasLimit,
        bytes calldata data
    ) external pure returns (bytes32);

    /// @notice Whether a finalized batch popped entry `queueIndex` as skipped.
    function isMessageSkipped(uint256 queueIndex) external view returns (bool);

    /// @notice Whether entry `queueIndex` was dropped.
    function isMessageDropped(uint256 queueIndex) external view returns (bool);

    /// @notice Enqueues a message from the L1ScrollMessenger (sender: its alias).
    /// @param target The L2 address to call (the L2ScrollMessenger).
    /// @param gasLimit The gas limit of the L2 transaction.
    /// @param data The calldata of the L2 transaction.
    function appendCrossDomainMessage(address target, uint256 gasLimit, bytes calldata data) external;

    /// @notice Pops up to 256 entries for a finalized batch, recording which were skipped.
    /// @param startIndex Must equal `pendingQueueIndex`.
    /// @param count Number of entries popped, at most 256.
    /// @param skippedBitmap Bit i set: entry `startIndex + i` was skipped.
    function popCrossDomainMessage(uint256 startIndex, uint256 count, uint256 skippedBitmap) external;

    /// @notice Marks a popped, skipped entry as dropped (messenger only).
    /// @param index The entry's queue index.
    function dropCrossDomainMessage(uint256 index) external;

    /// @notice Sets the L2 base fee; only accounts the whitelist checker allows.
    /// @param newL2BaseFee The new price per unit of gas limit, in wei.
    function setL2BaseFee(uint256 newL2BaseFee) external;
}
