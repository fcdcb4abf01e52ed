// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Probe
/// @notice Test helper for the property suite's oracle: runs many calls in one `eth_call`, so the
///         suite can hold every message of a world against chain state after each step without one
///         round trip per message. Only ever called with `eth_call`: its calls' effects are discarded.
contract Probe {
    /// @notice Calls `targets[i]` with `calls[i]`, in order, and reports each outcome without reverting.
    /// @param targets The contracts to call.
    /// @param calls The calldata of each call.
    /// @return ok Whether each call succeeded.
    /// @return results Each call's return data (its revert data when it failed).
    function probe(address[] calldata targets, bytes[] calldata calls) external returns (bool[] memory ok, bytes[] memory results) {
        require(targets.length == calls.length, "Probe: length mismatch");
        ok = new bool[](targets.length);
        results = new bytes[](targets.length);
        for (uint256 i = 0; i < targets.length; i++) {
            (ok[i], results[i]) = targets[i].call(calls[i]);
        }
    }
}
