// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Switch
/// @notice Test target for transactions mined together in one block: `check` passes or reverts by the
///         state an earlier transaction of the same block left, so a replay on the block's parent state
///         would tell another story than the transaction's own execution.
contract Switch {
    /// @notice Whether `check` passes.
    bool public on = true;

    /// @notice Calls to `check` that passed.
    uint256 public passed;

    /// @notice `check` was called while off; `passed` calls had passed before.
    error Off(uint256 passed);

    /// @notice Turns the switch on or off.
    function set(bool _on) external {
        on = _on;
    }

    /// @notice Passes (and counts) while on.
    function check() external {
        if (!on) revert Off(passed);
        passed++;
    }

    /// @notice Burns about `amount` gas (for blocks filled to their gas limit).
    function burn(uint256 amount) external {
        uint256 start = gasleft();
        while (start - gasleft() < amount) {
            passed = passed;
        }
    }
}
