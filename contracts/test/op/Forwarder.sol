// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Forwarder
/// @notice Test contract that makes a call as a contract (so a portal deposit from it is aliased, and an
///         onlyEOA entry point refuses it), bubbling up the callee's revert.
contract Forwarder {
    event Received(address indexed from, uint256 value, bytes data);

    /// @notice Calls `_target` with `msg.value` and `_data`.
    function forward(address _target, bytes calldata _data) external payable returns (bytes memory result_) {
        bool success;
        (success, result_) = _target.call{ value: msg.value }(_data);
        if (!success) {
            assembly {
                revert(add(result_, 32), mload(result_))
            }
        }
    }

    /// @notice Records whatever arrives (value and calldata), so a test can see a relayed call land.
    fallback() external payable {
        emit Received(msg.sender, msg.value, msg.data);
    }

    receive() external payable {
        emit Received(msg.sender, msg.value, "");
    }
}
