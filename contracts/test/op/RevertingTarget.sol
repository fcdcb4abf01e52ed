// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title RevertingTarget
/// @notice Test target whose every call reverts with a custom error, to show that `relayMessage` bubbles the
///         target's revert data and leaves the message relayable.
contract RevertingTarget {
    /// @notice The only way this contract ever answers.
    error TargetRefused(uint256 code, address caller);

    /// @notice Always reverts with `TargetRefused(_code, msg.sender)`.
    /// @param _code Value echoed in the error, so a test can tell which message failed.
    function refuse(uint256 _code) external payable {
        revert TargetRefused(_code, msg.sender);
    }
}
