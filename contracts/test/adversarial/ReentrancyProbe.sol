// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ReentrancyProbe
/// @notice Adversarial test target: when a messenger delivers a message to {fire}, it calls back into a
/// contract (usually that messenger) with calldata armed beforehand, records what came back, and either
/// swallows a failure or reverts with it.
contract ReentrancyProbe {
    /// @notice Where {fire} calls, and with what.
    address public target;
    bytes public armed;
    /// @notice Whether {fire} reverts with the inner call's revert data when the inner call fails.
    bool public bubble;

    /// @notice Outcome of the last inner call.
    uint256 public fired;
    bool public lastSuccess;
    bytes public lastReturnData;

    event Fired(bool success, bytes returnData);

    /// @notice Sets the call {fire} makes. Anyone may arm the probe: it holds nothing.
    function arm(address target_, bytes calldata data, bool bubble_) external {
        target = target_;
        armed = data;
        bubble = bubble_;
    }

    /// @notice The message target: makes the armed call from inside the delivery.
    function fire() external payable {
        (bool success, bytes memory returnData) = target.call(armed);
        fired += 1;
        lastSuccess = success;
        lastReturnData = returnData;
        emit Fired(success, returnData);
        if (!success && bubble) {
            assembly ("memory-safe") {
                revert(add(returnData, 0x20), mload(returnData))
            }
        }
    }

    receive() external payable {}
}
