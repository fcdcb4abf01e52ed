// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IFactRegistry
/// @notice A registry of facts proven off-chain (StarkWare's SHARP verifier interface).
interface IFactRegistry {
    /// @notice Whether `fact` has been registered as proven.
    function isValid(bytes32 fact) external view returns (bool);
}
