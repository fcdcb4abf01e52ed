// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Identifies one log on one OP chain: the initiating message an executing message points at.
/// @dev Declared at file level, like the real predeploy's interface, so dapps and the messenger share one type.
/// @custom:field origin      Address that emitted the log.
/// @custom:field blockNumber Number of the block holding the log.
/// @custom:field logIndex    Index of the log among all logs of that block (not of its transaction).
/// @custom:field timestamp   Timestamp of that block.
/// @custom:field chainId     Chain id of the chain the log was emitted on.
struct Identifier {
    address origin;
    uint256 blockNumber;
    uint256 logIndex;
    uint256 timestamp;
    uint256 chainId;
}

/// @title ICrossL2Inbox
/// @notice Interface of the OP Stack CrossL2Inbox predeploy (version 1.0.2) at
///         0x4200000000000000000000000000000000000022.
interface ICrossL2Inbox {
    /// @notice The checksum of the message is not a warm storage key, i.e. not in the transaction's access list.
    error NotInAccessList();

    /// @notice The identifier's block number does not fit in 64 bits.
    error BlockNumberTooHigh();

    /// @notice The identifier's timestamp does not fit in 64 bits.
    error TimestampTooHigh();

    /// @notice The identifier's log index does not fit in 32 bits.
    error LogIndexTooHigh();

    /// @notice Emitted when a message is validated: the executing message the supervisor checks.
    /// @param msgHash Hash of the initiating log's payload (topics then data).
    /// @param id      Identifier of the initiating log.
    event ExecutingMessage(bytes32 indexed msgHash, Identifier id);

    /// @notice Semantic version of the contract.
    /// @return The version string, "1.0.2".
    function version() external view returns (string memory);

    /// @notice Validates an executing message against the transaction's access list and emits it.
    /// @dev Reverts with `NotInAccessList()` unless the checksum of `(_id, _msgHash)` was declared in the
    ///      access list under this contract's address. Anyone may call.
    /// @param _id      Identifier of the initiating log.
    /// @param _msgHash Hash of the initiating log's payload.
    function validateMessage(Identifier calldata _id, bytes32 _msgHash) external;

    /// @notice Computes the type-3 access-list key that commits to an identifier and a message hash.
    /// @dev Reverts with `BlockNumberTooHigh()`, `LogIndexTooHigh()` or `TimestampTooHigh()` (in that order)
    ///      when a field does not fit its packed width.
    /// @param _id      Identifier of the initiating log.
    /// @param _msgHash Hash of the initiating log's payload.
    /// @return checksum_ The checksum storage key.
    function calculateChecksum(Identifier memory _id, bytes32 _msgHash) external pure returns (bytes32 checksum_);
}
