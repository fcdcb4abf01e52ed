// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IFactRegistry} from "./IFactRegistry.sol";

/// @title IQueryableFactRegistry
/// @notice A fact registry that also tells whether it holds any fact at all (StarkWare's interface).
interface IQueryableFactRegistry is IFactRegistry {
    /// @notice Whether at least one fact has been registered.
    function hasRegisteredFact() external view returns (bool);
}
