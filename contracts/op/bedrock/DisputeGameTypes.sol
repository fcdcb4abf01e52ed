// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice How a dispute game ended: IN_PROGRESS (0), CHALLENGER_WINS (1), DEFENDER_WINS (2).
enum GameStatus {
    IN_PROGRESS,
    CHALLENGER_WINS,
    DEFENDER_WINS
}

/// @notice What the portal, the registry and the factory read of a dispute game.
interface IDisputeGame {
    function gameType() external view returns (uint32);
    function rootClaim() external view returns (bytes32);
    function extraData() external view returns (bytes memory);
    function gameData() external view returns (uint32 gameType_, bytes32 rootClaim_, bytes memory extraData_);
    function l2BlockNumber() external view returns (uint256);
    function l2SequenceNumber() external view returns (uint256);
    function status() external view returns (GameStatus);
    function createdAt() external view returns (uint64);
    function resolvedAt() external view returns (uint64);
    function wasRespectedGameTypeWhenCreated() external view returns (bool);
    function anchorStateRegistry() external view returns (address);
}
