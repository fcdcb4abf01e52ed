// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IWhitelist
/// @notice A list of accounts allowed to perform a restricted action.
interface IWhitelist {
    /// @notice Whether `sender` is allowed.
    function isSenderAllowed(address sender) external view returns (bool);
}
