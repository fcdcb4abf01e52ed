// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { GameStatus, IDisputeGame } from "./DisputeGameTypes.sol";

/// @notice What a game reads of its registry when it is created.
interface IRespectedGameType {
    function respectedGameType() external view returns (uint32);
}

/// @title OutputRootDisputeGame
/// @notice The mock proposer's dispute game: a PermissionedDisputeGame-shaped claim that `rootClaim` is the
///         output root of L2 block `l2BlockNumber`, which nobody challenges, so that its chess clock decides
///         it. Once `maxClockDuration` has passed since its creation it has resolved DEFENDER_WINS at that
///         moment (`resolvedAt` = createdAt + maxClockDuration), as if the proposer's resolver were always
///         online; `resolve()` records it, and the getters answer the same before and after.
/// @dev Created by the DisputeGameFactory with `new` (the real factory clones an implementation).
contract OutputRootDisputeGame is IDisputeGame {
    string public constant version = "1.7.0";

    uint32 public immutable gameType;
    bytes32 public immutable rootClaim;
    uint256 public immutable l2BlockNumber;
    uint64 public immutable createdAt;
    uint64 public immutable maxClockDuration;
    address public immutable anchorStateRegistry;
    address public immutable gameCreator;
    bool public immutable wasRespectedGameTypeWhenCreated;
    /// @notice The L1 block hash before the game's creation.
    bytes32 public immutable l1Head;

    uint64 internal recordedResolvedAt;

    event Resolved(GameStatus indexed status);

    error ClockNotExpired();
    error GameNotInProgress();

    constructor(
        uint32 _gameType,
        bytes32 _rootClaim,
        uint256 _l2BlockNumber,
        uint64 _maxClockDuration,
        address _anchorStateRegistry,
        address _gameCreator
    ) {
        gameType = _gameType;
        rootClaim = _rootClaim;
        l2BlockNumber = _l2BlockNumber;
        createdAt = uint64(block.timestamp);
        maxClockDuration = _maxClockDuration;
        anchorStateRegistry = _anchorStateRegistry;
        gameCreator = _gameCreator;
        wasRespectedGameTypeWhenCreated = IRespectedGameType(_anchorStateRegistry).respectedGameType() == _gameType;
        l1Head = blockhash(block.number - 1);
    }

    /// @notice The L2 block number, ABI-encoded: what identifies the game's claim beside its root.
    function extraData() public view returns (bytes memory) {
        return abi.encode(l2BlockNumber);
    }

    function gameData() external view returns (uint32 gameType_, bytes32 rootClaim_, bytes memory extraData_) {
        return (gameType, rootClaim, extraData());
    }

    /// @notice The L2 block number (what current viem reads as the game's sequence number).
    function l2SequenceNumber() external view returns (uint256) {
        return l2BlockNumber;
    }

    /// @notice DEFENDER_WINS once the clock has run out, IN_PROGRESS before.
    function status() public view returns (GameStatus) {
        return block.timestamp >= _clockEnd() ? GameStatus.DEFENDER_WINS : GameStatus.IN_PROGRESS;
    }

    /// @notice When the game resolved (its clock's end); 0 while in progress.
    function resolvedAt() public view returns (uint64) {
        return block.timestamp >= _clockEnd() ? _clockEnd() : 0;
    }

    /// @notice The moment the game's clock runs out, which viem reads to tell how long a withdrawal waits.
    function expectedResolution() external view returns (uint64) {
        return _clockEnd();
    }

    /// @notice Records the resolution; reverts ClockNotExpired() before the clock's end and
    ///         GameNotInProgress() once recorded.
    function resolve() external returns (GameStatus status_) {
        if (recordedResolvedAt != 0) revert GameNotInProgress();
        if (block.timestamp < _clockEnd()) revert ClockNotExpired();
        recordedResolvedAt = _clockEnd();
        status_ = GameStatus.DEFENDER_WINS;
        emit Resolved(status_);
    }

    function _clockEnd() private view returns (uint64) {
        return createdAt + maxClockDuration;
    }
}
