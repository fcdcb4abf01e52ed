// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title SafeCall
/// @notice Calls that ignore return data (so a target cannot make the caller copy an unbounded amount) and the
///         minimum-gas check the messengers and the portal make before calling a target.
library SafeCall {
    /// @notice Gas a call needs beyond what it forwards (the real contracts' 40_000).
    uint256 internal constant CALL_OVERHEAD = 40_000;

    /// @notice Calls `_target` with `_gas`, `_value` and `_calldata`; true when the call did not revert.
    function call(address _target, uint256 _gas, uint256 _value, bytes memory _calldata) internal returns (bool success_) {
        assembly {
            success_ := call(_gas, _target, _value, add(_calldata, 32), mload(_calldata), 0, 0)
        }
    }

    /// @notice Whether the rest of this call frame can still give `_minGas` to a callee after `_reservedGas`,
    ///         counting the 1/64 that EIP-150 withholds.
    function hasMinGas(uint256 _minGas, uint256 _reservedGas) internal view returns (bool) {
        return gasleft() * 63 >= _minGas * 64 + 63 * (CALL_OVERHEAD + _reservedGas);
    }

    /// @notice Calls `_target` with at least `_minGas` available to it, or reverts "SafeCall: Not enough gas".
    function callWithMinGas(
        address _target,
        uint256 _minGas,
        uint256 _value,
        bytes memory _calldata
    )
        internal
        returns (bool)
    {
        if (!hasMinGas(_minGas, 0)) revert("SafeCall: Not enough gas");
        return call(_target, gasleft(), _value, _calldata);
    }
}
