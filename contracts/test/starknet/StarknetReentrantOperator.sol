// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IStarknetCore} from "../../interfaces/IStarknetCore.sol";

/// @title StarknetReentrantOperator
/// @notice Test helper: an operator that, when paid the fees of one state update, submits a second update
/// from inside the first, which StarknetCore must catch with "REENTRANCY_FAILURE".
contract StarknetReentrantOperator {
    IStarknetCore private immutable _core;
    uint256[] private _second;
    bool private _armed;

    constructor(IStarknetCore core) {
        _core = core;
    }

    /// @notice Submits `first`; the fee payment it triggers submits `second`.
    function updateTwice(uint256[] calldata first, uint256[] calldata second) external {
        _second = second;
        _armed = true;
        _core.updateState(first, 0, 0);
    }

    /// @dev The fee payment of the first update lands here and starts the second.
    receive() external payable {
        if (_armed) {
            _armed = false;
            _core.updateState(_second, 0, 0);
        }
    }
}
